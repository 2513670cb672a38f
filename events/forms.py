"""The event form of the admin: a start given as a date, and a time only when it is known."""

import datetime
import zoneinfo

from django import forms
from django.contrib.admin import widgets
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Event


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
