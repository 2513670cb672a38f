"""What registrants receive and when: sent through the outbox to a real SMTP server (aiosmtpd),
with time moved in the test (due_at, the event's start), never waited for."""

import datetime

import icalendar
import pytest
from django.utils import timezone

from outbox.models import OutgoingMail
from registrations.services import (
    CONFIRMED_MAIL,
    FOLLOW_UP_MAIL,
    JOIN_LINK_AGAIN_MAIL,
    JOIN_LINK_MAIL,
    REMINDER_DAY_MAIL,
    REMINDER_HOUR_MAIL,
    event_registration_resend_join_link,
    event_registration_send_follow_up,
    registrant_cancel,
)
from tests.mail import send_outbox

from .factories import make_event, make_registrant, make_registration

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def planned(kind, registrant):
    return OutgoingMail.objects.get(kind=kind, about_id=registrant.pk, status="queued")


def bring_forward(kind):
    """Time passes until mail of `kind` is due."""
    OutgoingMail.objects.filter(kind=kind, status="queued").update(due_at=timezone.now())


def text_of(message):
    """Every text part of a message, decoded (the raw message may be base64)."""
    return "\n".join(part.get_content() for part in message.walk() if part.get_content_maintype() == "text")


def calendar_of(message):
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            return icalendar.Calendar.from_ical(part.get_payload(decode=True))
    raise AssertionError("no calendar attached")


@pytest.fixture
def online():
    event = make_event(format="virtual", venue="", starts_at=timezone.now() + datetime.timedelta(days=3))
    return make_registration(event, join_url="https://meet.example/room-1", join_link_minutes_before=60)


def test_confirmation_comes_with_a_calendar_file(smtp_server):
    registration = make_registration()
    registrant = make_registrant(registration, "ada@example.org", name="Ada Lovelace", name_on_id="Augusta Ada King")
    send_outbox()
    # Confirmed before its link went out (as here), the link is not sent: only "you're registered" is.
    (confirmed,) = smtp_server.collector.to("ada@example.org")
    assert confirmed["Subject"] == "You’re registered: Briefing in Parliament"
    text = confirmed.get_body(preferencelist=("plain",)).get_content()
    assert "Committee Room 14, House of Commons" in text
    assert "Photo ID in the name Augusta Ada King" in text
    assert "/events/registration/" in text  # the link to see or cancel it
    (entry,) = calendar_of(confirmed).walk("VEVENT")
    assert str(entry["SUMMARY"]) == "Briefing in Parliament"
    assert entry.decoded("DTSTART") == registration.event.starts_at.replace(microsecond=0)
    assert str(entry["LOCATION"]) == "Committee Room 14, House of Commons"
    assert str(entry["UID"]).startswith(f"event-{registration.event_id}@")
    assert registrant.status == "confirmed"


def test_reminders_wait_for_a_day_and_an_hour_before_and_move_with_the_event(smtp_server):
    registration = make_registration()
    registrant = make_registrant(registration, "ada@example.org")
    starts_at = registration.event.starts_at
    assert planned(REMINDER_DAY_MAIL, registrant).due_at == starts_at - 24 * HOUR
    assert planned(REMINDER_HOUR_MAIL, registrant).due_at == starts_at - HOUR

    event = registration.event
    event.starts_at = starts_at + 48 * HOUR
    event.save()  # staff move the event
    assert planned(REMINDER_DAY_MAIL, registrant).due_at == starts_at + 24 * HOUR
    assert planned(REMINDER_HOUR_MAIL, registrant).due_at == starts_at + 47 * HOUR

    send_outbox()
    assert [m["Subject"] for m in smtp_server.collector.to("ada@example.org")][-1].startswith("You’re registered")
    bring_forward(REMINDER_DAY_MAIL)
    assert send_outbox() == 1
    assert smtp_server.collector.to("ada@example.org")[-1]["Subject"] == "Tomorrow: Briefing in Parliament"


def test_no_reminder_for_a_time_already_past():
    registration = make_registration(make_event(starts_at=timezone.now() + 3 * HOUR))
    registrant = make_registrant(registration, "late@example.org")
    kinds = set(OutgoingMail.objects.filter(about_id=registrant.pk).values_list("kind", flat=True))
    assert REMINDER_DAY_MAIL not in kinds and REMINDER_HOUR_MAIL in kinds


def test_the_join_link_goes_only_to_confirmed_registrants_at_its_time(smtp_server, online):
    holder = make_registrant(online, "holder@example.org")
    leaver = make_registrant(online, "leaver@example.org")
    make_registrant(online, "never@example.org", confirm=False)
    registrant_cancel(registrant_id=leaver.pk)
    link_mail = planned(JOIN_LINK_MAIL, holder)
    assert link_mail.due_at == online.event.starts_at - HOUR
    # The join link arrives within the last hour: it is the hour's reminder, not a second mail.
    assert not OutgoingMail.objects.filter(kind=REMINDER_HOUR_MAIL).exists()
    send_outbox()
    assert smtp_server.collector.messages
    assert all("room-1" not in text_of(m) for m in smtp_server.collector.messages)

    bring_forward(JOIN_LINK_MAIL)
    assert send_outbox() == 1
    (message,) = [m for m in smtp_server.collector.messages if "join" in m["Subject"].lower()]
    assert message["To"] == "holder@example.org"
    assert "https://meet.example/room-1" in message.get_body(preferencelist=("plain",)).get_content()


def test_a_changed_link_goes_in_the_planned_mail_or_again_to_everyone(smtp_server, online):
    holder = make_registrant(online, "holder@example.org")
    online.join_url = "https://meet.example/room-2"
    online.save()
    assert event_registration_resend_join_link(event_id=online.event_id) == 0  # not before its time
    bring_forward(JOIN_LINK_MAIL)
    send_outbox()
    assert "room-2" in text_of(smtp_server.collector.to("holder@example.org")[-1])

    event = online.event
    event.starts_at = timezone.now() + 30 * datetime.timedelta(minutes=1)
    event.save()
    online.join_url = "https://meet.example/room-3"
    online.save()
    assert event_registration_resend_join_link(event_id=online.event_id) == 1
    send_outbox()
    latest = smtp_server.collector.to("holder@example.org")[-1]
    assert latest["Subject"] == "A new link to join: Briefing in Parliament"
    assert "room-3" in text_of(latest)
    assert OutgoingMail.objects.filter(kind=JOIN_LINK_AGAIN_MAIL, about_id=holder.pk, status="sent").exists()


def test_a_cancelled_registration_gets_nothing_more(smtp_server):
    registration = make_registration()
    registrant = make_registrant(registration, "ada@example.org")
    registrant_cancel(registrant_id=registrant.pk)
    OutgoingMail.objects.update(due_at=timezone.now())
    send_outbox()
    assert smtp_server.collector.count() == 0
    assert not OutgoingMail.objects.filter(kind=CONFIRMED_MAIL, status="sent").exists()


def test_the_follow_up_thanks_who_came_and_goes_once(smtp_server):
    registration = make_registration(recording_url="https://video.example/briefing")
    came = make_registrant(registration, "came@example.org")
    make_registrant(registration, "missed@example.org")
    assert event_registration_send_follow_up(event_id=registration.event_id) == 0  # not before it starts
    from registrations.services import registrant_check_in

    registrant_check_in(registrant_id=came.pk)
    event = registration.event
    event.starts_at = timezone.now() - 3 * HOUR
    event.save()
    assert event_registration_send_follow_up(event_id=registration.event_id) == 2
    assert event_registration_send_follow_up(event_id=registration.event_id) == 0
    send_outbox()
    thanks = {
        m["To"]: m.get_body(preferencelist=("plain",)).get_content()
        for m in smtp_server.collector.messages
        if m["Subject"].startswith("Thank you")
    }
    assert "Thank you for coming" in thanks["came@example.org"]
    assert "sorry we missed you" in thanks["missed@example.org"]
    assert "https://video.example/briefing" in thanks["came@example.org"]
    assert OutgoingMail.objects.filter(kind=FOLLOW_UP_MAIL).count() == 2


def test_mail_is_built_in_the_language_of_the_registration(smtp_server):
    registration = make_registration()
    make_registrant(registration, "sara@example.org", name="Sara", language="fa")
    send_outbox()
    confirmed = smtp_server.collector.to("sara@example.org")[-1]
    text = confirmed.get_body(preferencelist=("plain",)).get_content()
    assert "ثبت‌نام" in confirmed["Subject"]
    assert "/fa/events/registration/" in text
    assert "۱" in text or "۲" in text or "۳" in text  # the date in Persian digits
    html = confirmed.get_body(preferencelist=("html",)).get_content()
    assert 'dir="rtl"' in html
