"""The upload form of the admin's import page: which kind of file, the file, and what each kind needs."""

from django import forms
from django.utils.translation import gettext_lazy as _

from campaign.models import Campaign

from .formats import MAX_BYTES
from .models import ParliamentImport


class ParliamentImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of file"), choices=ParliamentImport.Kind.choices, widget=forms.RadioSelect)
    import_file = forms.FileField(
        label=_("File"),
        help_text=_(
            "Members: the JSON of the Members API's search. Early Day Motion: the JSON of the EDM API for one "
            "motion. Backers: a UTF-8 CSV with the columns parliament_id or person, ask, how, date, source_url, "
            "source_description."
        ),
    )
    as_of = forms.DateField(
        label=_("File saved on"),
        required=False,
        help_text=_(
            "Members: the day the file was saved from Parliament (empty: today). A change of party is dated from it."
        ),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    campaign = forms.ModelChoiceField(
        label=_("Campaign"),
        queryset=Campaign.objects.all(),
        required=False,
        help_text=_("Early Day Motion: the campaign a new motion is recorded under (as a draft)."),
    )
    session = forms.CharField(
        label=_("Session"),
        max_length=40,
        required=False,
        help_text=_("Early Day Motion: the parliamentary session, e.g. 2024–26."),
    )

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("This file is larger than %(megabytes)s MB.") % {"megabytes": MAX_BYTES // 2**20}
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == ParliamentImport.Kind.EDM_SIGNATURES and not cleaned.get("campaign"):
            self.add_error("campaign", _("Choose the campaign for the motion."))
        return cleaned
