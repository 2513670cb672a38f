"""Forms of the people admin that are not a model's own."""

import datetime

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .models import Person, PersonImport


class ConsentRecordForm(forms.Form):
    """A consent given or withdrawn outside the site: by phone, letter, in person, on an event form."""

    class Method:
        CHOICES = [
            ("phone", _("By phone")),
            ("letter", _("By letter")),
            ("in_person", _("In person")),
            ("event_form", _("On an event form")),
            ("email", _("By email")),
            ("other", _("Another way")),
        ]

    status = forms.ChoiceField(
        label=_("What they said"),
        choices=[
            (Person.EmailConsent.SUBSCRIBED, _("Yes: send me campaign email")),
            (Person.EmailConsent.UNSUBSCRIBED, _("No: stop sending me campaign email")),
            (Person.EmailConsent.BOUNCED, _("Their address does not work (reported elsewhere)")),
        ],
    )
    method = forms.ChoiceField(label=_("How"), choices=Method.CHOICES)
    details = forms.CharField(
        label=_("Details"),
        max_length=120,
        required=False,
        help_text=_("e.g. the event, or the reference of the letter."),
    )
    wording = forms.CharField(
        label=_("The words they agreed to"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Needed for a yes: what they were told they would receive."),
    )
    given_on = forms.DateField(
        label=_("On"), initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_given_on(self):
        given_on = self.cleaned_data["given_on"]
        if given_on > timezone.localdate():
            raise forms.ValidationError(_("A consent cannot be given in the future."))
        return given_on

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Person.EmailConsent.SUBSCRIBED and not cleaned.get("wording", "").strip():
            self.add_error("wording", _("Give the words they agreed to: consent is to something."))
        return cleaned

    def source(self):
        method = dict(self.Method.CHOICES)[self.cleaned_data["method"]]
        details = " ".join(self.cleaned_data["details"].split())
        return f"{method}: {details}" if details else str(method)

    def changed_at(self):
        given_on = self.cleaned_data["given_on"]
        if given_on == timezone.localdate():
            return timezone.now()
        return timezone.make_aware(datetime.datetime.combine(given_on, datetime.time(12, 0)))


class PersonImportForm(forms.Form):
    """A CSV file of people, and what to do with tags the app does not know yet."""

    import_file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8 CSV with a first line naming the columns: honorific, given_name, family_name, "
            "territorial_designation, post_nominals, salutation_title, description, country, email, postcode, "
            "language, tags (comma-separated), legislature, party, constituency, current, consent, "
            "consent_wording. Nothing is written until you have seen the counts and confirmed."
        ),
    )
    unknown_tags = forms.ChoiceField(
        label=_("Tags that do not exist yet"),
        choices=PersonImport.UnknownTags.choices,
        initial=PersonImport.UnknownTags.REPORT,
        widget=forms.RadioSelect,
    )

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > settings.PEOPLE_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("This file is larger than %(megabytes)s MB: split it into smaller files.")
                % {"megabytes": settings.PEOPLE_IMPORT_MAX_BYTES // 2**20}
            )
        return upload


def likely_duplicates(*, given_name, family_name, exclude_pk=None):
    """People already recorded under the same given and family name (without case or extra
    spaces): "Rt Hon David Jones MP" and "David Jones" are likely the same person."""
    given, family = " ".join((given_name or "").split()), " ".join((family_name or "").split())
    if not family:
        return Person.objects.none()
    found = Person.objects.filter(family_name__iexact=family, given_name__iexact=given)
    return found.exclude(pk=exclude_pk) if exclude_pk else found


class PersonAdminForm(forms.ModelForm):
    """Warns before saving a person whose name another already has, with links to that person, and
    saves only once staff say this is someone else."""

    not_a_duplicate = forms.BooleanField(
        required=False,
        label=_("This is a different person"),
        help_text=_("Tick only after checking the people with the same name listed above."),
    )

    class Meta:
        model = Person
        fields = ["given_name", "family_name"]  # the admin adds the rest, from its fieldsets

    def clean(self):
        cleaned = super().clean()
        name_changed = {"given_name", "family_name"} & set(self.changed_data)
        if not name_changed or cleaned.get("not_a_duplicate"):
            return cleaned
        duplicates = list(
            likely_duplicates(
                given_name=cleaned.get("given_name"),
                family_name=cleaned.get("family_name"),
                exclude_pk=self.instance.pk,
            )[:5]
        )
        if duplicates:
            links = format_html_join(
                ", ",
                '<a href="{}" target="_blank">{}</a>{}',
                (
                    (
                        person.get_admin_url(),
                        person.full_name,
                        format_html(
                            ' (<a href="{}">{}</a>)',
                            reverse("admin:people_person_merge", args=[self.instance.pk, person.pk]),
                            _("merge this record into theirs"),
                        )
                        if self.instance.pk
                        else "",
                    )
                    for person in duplicates
                ),
            )
            raise forms.ValidationError(
                format_html(
                    "{} {}",
                    _(
                        "Someone with this name is already recorded: open them to check, and add to their record "
                        "instead if it is the same person. If not, tick “This is a different person”."
                    ),
                    links,
                )
            )
        return cleaned
