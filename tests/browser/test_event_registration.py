"""Someone registers for an online event in headless Chromium, confirms from the mail a real Celery
worker sent to a real SMTP server, receives the calendar file and, when its time comes (the event
moved in the test, not waited for), the join link; then cancels, and the first on the waiting list
moves up and is mailed."""

import datetime
import re
import time

import icalendar
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from outbox.tasks import tick as outbox_tick
from registrations.models import Registrant
from registrations.services import registrant_confirm, registrant_submit
from tests.registrations.factories import make_event, make_registration

pytestmark = pytest.mark.browser


def mail_to(smtp_server, address, count):
    """The first `count` messages to `address`, playing beat's part meanwhile: a sender is woken at
    most once a second after mail is queued, and beat's tick (every MAIL_TICK_SECONDS) sends what
    a sender woken a moment too early left behind."""
    deadline = time.monotonic() + 30
    while len(found := smtp_server.collector.to(address)) < count:
        assert time.monotonic() < deadline, f"{count} message(s) to {address} did not arrive within 30s"
        outbox_tick()
        time.sleep(0.5)
    return found


def subject(message):
    # A long subject is folded after "Subject:"; mail programs read it without that space.
    return message["Subject"].strip()


def text_of(message):
    return "\n".join(part.get_content() for part in message.walk() if part.get_content_maintype() == "text")


def link_in(message, path):
    return re.search(rf"https?://\S+{path}\S+/", text_of(message)).group(0)


def calendar_in(message):
    (part,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    return icalendar.Calendar.from_ical(part.get_payload(decode=True))


def test_register_confirm_get_the_link_cancel_and_the_next_moves_up(
    page, live_server, smtp_server, confirmation_worker
):
    event = make_event(
        slug="online-hearing",
        title="Online hearing: the 1988 massacre",
        format="virtual",
        venue="",
        starts_at=timezone.now() + datetime.timedelta(days=3),
    )
    registration = make_registration(event, capacity=1, join_url="https://meet.example/hearing-4471")
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)

    # Register from the event's page.
    page.goto(live_server.url + event.get_absolute_url())
    expect(page.get_by_role("heading", name="Come to this event")).to_be_visible()
    assert "hearing-4471" not in page.content()
    page.get_by_label("Full name").fill("Grace Hopper")
    page.get_by_label("Email address").fill("grace@example.org")
    page.get_by_label("Organisation (optional)").fill("Navy")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()

    # Confirm from the mail: opening the link is not confirming, the button is.
    (confirm_mail,) = mail_to(smtp_server, "grace@example.org", 1)
    assert subject(confirm_mail) == "Please confirm your registration: Online hearing: the 1988 massacre"
    page.goto(link_in(confirm_mail, "/events/registration/confirm/"))
    assert Registrant.objects.get(email="grace@example.org").status == "pending"
    page.get_by_role("button", name="Confirm my registration").click()
    expect(page.get_by_role("heading", name="You’re registered")).to_be_visible()
    expect(page.get_by_text("We will email you the link to join 60 minutes before the start")).to_be_visible()
    assert "hearing-4471" not in page.content()  # not before its time

    confirmed_mail = mail_to(smtp_server, "grace@example.org", 2)[1]
    assert subject(confirmed_mail) == "You’re registered: Online hearing: the 1988 massacre"
    (entry,) = calendar_in(confirmed_mail).walk("VEVENT")
    assert str(entry["SUMMARY"]) == "Online hearing: the 1988 massacre"
    assert entry.decoded("DTSTART") == event.starts_at.replace(microsecond=0)
    assert "hearing-4471" not in text_of(confirmed_mail)
    manage_url = link_in(confirmed_mail, "/events/registration/")

    # Someone else confirms: the only place is taken, so she waits.
    wendy = registrant_submit(event_registration=registration, name="Wendy Wait", email="wendy@example.org")
    mail_to(smtp_server, "wendy@example.org", 1)  # her confirmation link
    registrant_confirm(registrant_id=wendy)
    assert Registrant.objects.get(pk=wendy).status == "waiting"
    waiting_mail = mail_to(smtp_server, "wendy@example.org", 2)[1]
    assert subject(waiting_mail) == "You’re on the waiting list: Online hearing: the 1988 massacre"

    # Time moves: the event now starts in half an hour, so the join link is due; the worker sends it.
    event.starts_at = timezone.now() + datetime.timedelta(minutes=30)
    event.save()
    join_mail = mail_to(smtp_server, "grace@example.org", 3)[2]
    assert subject(join_mail) == "Your link to join: Online hearing: the 1988 massacre"
    assert "https://meet.example/hearing-4471" in text_of(join_mail)
    assert not [m for m in smtp_server.collector.to("wendy@example.org") if "join" in subject(m).lower()]

    # Her own page shows the link now, and lets her cancel.
    page.goto(manage_url)
    expect(page.get_by_role("link", name="Join the event")).to_have_attribute(
        "href", "https://meet.example/hearing-4471"
    )
    page.get_by_role("button", name="Cancel my registration").click()
    expect(page.get_by_role("heading", name="Your registration is cancelled")).to_be_visible()
    expect(page.get_by_role("link", name="Join the event")).to_have_count(0)

    # The first on the waiting list has her place, and is told so by mail (with the join link's time past, it too).
    assert Registrant.objects.get(pk=wendy).status == "confirmed"
    moved_up = mail_to(smtp_server, "wendy@example.org", 4)[2:]
    subjects = sorted(subject(m) for m in moved_up)
    assert subjects == [
        "A place has opened for you: Online hearing: the 1988 massacre",
        "Your link to join: Online hearing: the 1988 massacre",
    ]
    assert any(p.get_content_type() == "text/calendar" for m in moved_up for p in m.walk())
    assert len(smtp_server.collector.to("grace@example.org")) == 3  # nothing more to her
    assert refused == []
