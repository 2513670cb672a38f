"""When an event happens, written for a registrant: in the event's own time zone, in the reader's
language, with the Solar Hijri date beside the Gregorian one for Persian readers."""

import zoneinfo

from django.utils import dateformat, translation
from django.utils.translation import pgettext

from campaign.templatetags.languages import jalali_date, native_digits


def local_when(moment, time_zone, *, with_time=True):
    """'Thursday 10 December 2026, 18:30 GMT' in the active language, in `time_zone`."""
    local = moment.astimezone(zoneinfo.ZoneInfo(time_zone))
    if with_time:
        # Translators: a date and time in Django's `date` filter format (PHP-style letters).
        text = dateformat.format(local, pgettext("date and time", "l j F Y, H:i T"))
    else:
        # Translators: a date in Django's `date` filter format (PHP-style letters).
        text = dateformat.format(local, pgettext("date", "l j F Y"))
    if (translation.get_language() or "").split("-")[0] == "fa":
        return f"{native_digits(text, 'fa')} ({jalali_date(local)})"
    return text


def event_when(event):
    """When the event starts; the day alone when only the day was announced."""
    return local_when(event.starts_at, event.time_zone, with_time=event.start_time_is_known)


def closing_when(registration):
    """When registration closes, in the event's time zone."""
    return local_when(registration.closing_time, registration.event.time_zone)
