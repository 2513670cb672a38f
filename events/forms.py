"""The event form of the admin: a start given as a date, and a time only when it is known."""

import datetime
import zoneinfo

from django import forms
from django.contrib.admin import widgets
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from people.models import Person

from .models import Event, Participant


class EventAdminForm(forms.ModelForm):
    """`starts_at`, `start_time_is_known` and `time_to_be_announced` are set from three fields that
    say it as staff know it: the date, the time if known, and whether the time is known, not given
    (an exhibition open all day) or still to be announced. A date without a time is kept at midnight
    in the event's own time zone, and pages then print no time ("00:00" never appears)."""

    TIME_KNOWN, DATE_ONLY, TO_BE_ANNOUNCED = "known", "date_only", "to_be_announced"

    start_date = forms.DateField(label=_("Date"), widget=widgets.AdminDateWidget)
    time_shown = forms.ChoiceField(
        label=_("Time"),
        choices=[
            (TIME_KNOWN, _("At the time below")),
            (DATE_ONLY, _("Date only: no time is printed")),
            (TO_BE_ANNOUNCED, _("Time to be announced")),
        ],
        initial=TIME_KNOWN,
        widget=forms.RadioSelect,
    )
    start_time = forms.TimeField(
        label=_("Start time"),
        required=False,
        widget=widgets.AdminTimeWidget,
        help_text=_("In the event's own time zone."),
    )

    class Meta:
        model = Event
        fields = ["time_zone", "ends_at"]  # the admin adds the rest, from its fieldsets

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        event = self.instance
        if event.pk and event.starts_at:
            local = event.starts_at.astimezone(zoneinfo.ZoneInfo(event.time_zone))
            self.initial["start_date"] = local.date()
            if event.start_time_is_known:
                self.initial["start_time"] = local.time().replace(second=0, microsecond=0)
                self.initial["time_shown"] = self.TIME_KNOWN
            else:
                self.initial["time_shown"] = self.TO_BE_ANNOUNCED if event.time_to_be_announced else self.DATE_ONLY

    def clean(self):
        cleaned = super().clean()
        day, shown, time = cleaned.get("start_date"), cleaned.get("time_shown"), cleaned.get("start_time")
        zone = cleaned.get("time_zone") or self.instance.time_zone
        if shown == self.TIME_KNOWN and not time:
            self.add_error("start_time", _("Give the time, or choose “Date only” or “Time to be announced”."))
        if not day or not shown or zone not in zoneinfo.available_timezones():
            return cleaned
        known = shown == self.TIME_KNOWN
        starts_at = datetime.datetime.combine(
            day, time if known and time else datetime.time(0), zoneinfo.ZoneInfo(zone)
        )
        ends_at = cleaned.get("ends_at")
        if ends_at and ends_at < starts_at:
            raise ValidationError({"ends_at": _("The event cannot end before it starts.")})
        self.instance.starts_at = starts_at
        self.instance.start_time_is_known = known
        self.instance.time_to_be_announced = shown == self.TO_BE_ANNOUNCED
        return cleaned


class StatementForm(forms.ModelForm):
    """A quote on the event's form: said by a participant chosen from the list, or, for one added on
    the same form (the list holds only those already saved), by the name typed as entered above."""

    said_by = forms.CharField(
        label=_("or said by"),
        required=False,
        help_text=_("For a participant added above on this form: their name, organisation or description."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("DELETE") or not cleaned.get("text"):
            return cleaned
        if not cleaned.get("participant") and not (cleaned.get("said_by") or "").strip():
            raise ValidationError(_("Choose who said it, or type their name as entered among the participants."))
        return cleaned


def _casefolded(text):
    return " ".join((text or "").split()).casefold()


class StatementFormSet(forms.BaseInlineFormSet):
    """Matches each quote's "said by" to one participant row of the same submission (the
    participants formset, prefix "participants"), so that an event and its quotes are entered in one
    go: EventAdmin.save_related then attributes the quote to the participant once saved."""

    participants_prefix = "participants"

    def participant_rows(self):
        """[(index, {names it answers to})] of the participant rows submitted with this form."""
        data, prefix = self.data, self.participants_prefix
        try:
            total = int(data.get(f"{prefix}-TOTAL_FORMS", 0))
        except ValueError:
            return []
        rows = [(index, f"{prefix}-{index}-") for index in range(total)]
        person_ids = {data.get(key + "person") for _i, key in rows} - {None, ""}
        people = Person.objects.in_bulk([pk for pk in person_ids if pk.isdigit()])
        organisation_ids = {data.get(key + "organisation") for _i, key in rows} - {None, ""}
        organisations = Participant._meta.get_field("organisation").related_model.objects.in_bulk(
            [pk for pk in organisation_ids if pk.isdigit()]
        )
        found = []
        for index, key in rows:
            if data.get(key + "DELETE"):
                continue
            names = set()
            person = people.get(int(data[key + "person"])) if (data.get(key + "person") or "").isdigit() else None
            if person:
                names |= {person.full_name, person.name, person.family_name, f"{person.honorific} {person.family_name}"}
            organisation_id = data.get(key + "organisation") or ""
            organisation = organisations.get(int(organisation_id)) if organisation_id.isdigit() else None
            if organisation:
                names |= {organisation.name, organisation.short_name}
            names |= {value for name, value in data.items() if name.startswith(key + "withheld_as")}
            names = {_casefolded(name) for name in names} - {""}
            if names:
                found.append((index, names))
        return found

    def clean(self):
        super().clean()
        rows = None
        for form in self.forms:
            said_by = _casefolded(form.cleaned_data.get("said_by") if hasattr(form, "cleaned_data") else "")
            if not said_by or form.cleaned_data.get("participant") or form.cleaned_data.get("DELETE"):
                continue
            rows = self.participant_rows() if rows is None else rows
            matches = [index for index, names in rows if said_by in names]
            if len(matches) != 1:
                form.add_error(
                    "said_by",
                    _("No participant above is called that.")
                    if not matches
                    else _("More than one participant above is called that: choose from the list once saved."),
                )
            else:
                form.said_by_index = matches[0]
