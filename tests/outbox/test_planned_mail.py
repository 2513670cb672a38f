"""Mail queued for later (a reminder) waits in the outbox, moves when what it is about moves, and
can carry a file."""

import datetime

import pytest
from django.utils import timezone

from outbox.messages import compose_message
from outbox.models import OutgoingMail
from outbox.services import outbox_cancel, outbox_enqueue, outbox_reschedule
from tests.mail import send_outbox

pytestmark = pytest.mark.django_db


def test_mail_due_later_waits_until_its_time(smtp_server):
    later = timezone.now() + datetime.timedelta(hours=1)
    outbox_enqueue(kind="composed", to_email="a@example.org", due_at=later)
    assert send_outbox() == 0
    OutgoingMail.objects.update(due_at=timezone.now())
    assert send_outbox() == 1


def test_rescheduling_moves_only_mail_still_waiting(smtp_server):
    sent = outbox_enqueue(kind="composed", to_email="sent@example.org")
    send_outbox()
    later = timezone.now() + datetime.timedelta(hours=2)
    waiting = outbox_enqueue(kind="composed", to_email="wait@example.org", due_at=later, about_id=7)
    other = outbox_enqueue(kind="composed", to_email="other@example.org", due_at=later, about_id=8)
    OutgoingMail.objects.filter(pk=sent.pk).update(about_id=7)
    sooner = timezone.now() + datetime.timedelta(minutes=5)
    assert outbox_reschedule(kind="composed", about_ids=[7], due_at=sooner) == 1
    waiting.refresh_from_db(), other.refresh_from_db()
    assert waiting.due_at == sooner and other.due_at == later
    assert OutgoingMail.objects.get(pk=sent.pk).status == "sent"


def test_cancelling_many_at_once():
    for about_id in (1, 2, 3):
        outbox_enqueue(kind="composed", to_email=f"{about_id}@example.org", about_id=about_id)
    assert outbox_cancel(kind="composed", about_ids=[1, 3]) == 2
    assert sorted(OutgoingMail.objects.filter(status="queued").values_list("about_id", flat=True)) == [2]


def test_a_message_carries_its_attachments():
    message = compose_message(
        to="a@example.org",
        subject="Your place",
        text="See you there.",
        html="<p>See you there.</p>",
        attachments=[("event.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar; method=PUBLISH")],
    )
    parts = {part.get_content_type(): part for part in message.message().walk()}
    assert "text/calendar" in parts and "text/html" in parts and "text/plain" in parts
    assert parts["text/calendar"].get_filename() == "event.ics"
