"""The .ics file sent with "you're registered": the event in any calendar program (RFC 5545).

Written with the `icalendar` library rather than by hand: it folds long lines, escapes commas and
semicolons, and encodes times as the standard wants, which a template would have to redo.
"""

import datetime
from datetime import timedelta

import icalendar
from django.utils import timezone

from campaign.links import absolute_url
from outbox.messages import message_id_domain

CALENDAR_MIMETYPE = "text/calendar; method=PUBLISH"  # the charset (utf-8) is added when attached


def event_calendar(registration, *, title, location, description):
    """The event as an iCalendar file (bytes). One UID per event, and a SEQUENCE that grows with
    each change to it, so that a second file (after a move) updates the entry rather than adding one."""
    event = registration.event
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Campaign//Event registration//EN")
    calendar.add("version", "2.0")
    # PUBLISH, not REQUEST: an entry to keep, not an invitation asking the reader to reply.
    calendar.add("method", "PUBLISH")
    entry = icalendar.Event()
    entry.add("uid", f"event-{event.pk}@{message_id_domain()}")
    entry.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    entry.add("sequence", int(event.updated_at.timestamp()) if event.updated_at else 0)
    if event.start_time_is_known:
        entry.add("dtstart", event.starts_at.astimezone(datetime.UTC))
        entry.add("dtend", (event.ends_at or event.starts_at + timedelta(hours=2)).astimezone(datetime.UTC))
    else:
        day = event.local_starts_at.date()
        entry.add("dtstart", day)
        entry.add("dtend", day + timedelta(days=1))
    entry.add("summary", title)
    if location:
        entry.add("location", location)
    entry.add("description", description)
    entry.add("url", absolute_url(event.get_absolute_url()))
    calendar.add_component(entry)
    return calendar.to_ical()
