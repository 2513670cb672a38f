"""Mailings sent by real Celery worker processes through a real Redis broker to a real SMTP server.

The test process plays the part of Celery beat by calling the ticks (except in the last test, where
a real beat process does), so each test controls when senders are queued.
"""

import collections
import time

import pytest
from django.utils import timezone

from outreach import services
from outreach.models import Mailing

from ..workers import beat_tick, start_processes, wait_for_messages
from .factories import make_mailing, make_supporters, schedule_now

pytestmark = pytest.mark.django_db(transaction=True)

FAST = {"MAIL_BATCH_SIZE": 25, "MAIL_LEASE_SECONDS": 4, "MAIL_TASK_SECONDS": 20, "MAIL_PARALLEL_SENDERS": 2}


@pytest.fixture
def start_worker(smtp_server, live_server, purge_queues, settings):
    with start_processes(smtp_server, live_server, settings, FAST) as start:
        yield start


def run_beat_until(condition, timeout=90, every=0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        beat_tick()
        if condition():
            return
        time.sleep(every)
    raise AssertionError(f"not done within {timeout}s")


def status_of(mailing):
    return Mailing.objects.values_list("status", flat=True).get(pk=mailing.pk)


def copies_per_recipient(smtp_server):
    return collections.Counter(smtp_server.collector.recipients())


def test_a_mailing_to_500_recipients_arrives_once_each(start_worker, smtp_server):
    make_supporters(500)
    mailing = schedule_now(make_mailing())
    start_worker("a", concurrency=2)
    run_beat_until(lambda: status_of(mailing) == Mailing.Status.SENT)
    copies = copies_per_recipient(smtp_server)
    assert len(copies) == 500
    assert set(copies.values()) == {1}
    message = smtp_server.collector.to("supporter123@example.org")[0]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Dear Sam123 Supporter123," in message.get_body(preferencelist=("plain",)).get_content()


def test_two_workers_share_a_mailing_without_sending_anything_twice(start_worker, smtp_server):
    smtp_server.collector.delay = 0.002
    make_supporters(400)
    mailing = schedule_now(make_mailing())
    start_worker("one", concurrency=2)
    start_worker("two", concurrency=2)
    run_beat_until(lambda: status_of(mailing) == Mailing.Status.SENT)
    copies = copies_per_recipient(smtp_server)
    assert len(copies) == 400 and set(copies.values()) == {1}


def test_pause_resume_and_cancel_take_effect_within_a_batch(start_worker, smtp_server, settings):
    smtp_server.collector.delay = 0.01
    make_supporters(300)
    mailing = schedule_now(make_mailing())
    start_worker("pausable", concurrency=1)
    beat_tick()
    wait_for_messages(smtp_server, 50)
    services.mailing_pause(Mailing.objects.get(pk=mailing.pk))
    at_pause = smtp_server.collector.count()
    time.sleep(FAST["MAIL_BATCH_SIZE"] * 0.01 + 1.5)
    settled = smtp_server.collector.count()
    assert settled - at_pause <= FAST["MAIL_BATCH_SIZE"]  # the batch under way finishes, no more
    time.sleep(1)
    assert smtp_server.collector.count() == settled
    assert status_of(mailing) == Mailing.Status.PAUSED

    services.mailing_resume(Mailing.objects.get(pk=mailing.pk))
    run_beat_until(lambda: status_of(mailing) == Mailing.Status.SENT)
    copies = copies_per_recipient(smtp_server)
    assert len(copies) == 300 and set(copies.values()) == {1}

    other = schedule_now(make_mailing(name="To be cancelled"))
    beat_tick()
    wait_for_messages(smtp_server, 300 + 30)
    services.mailing_cancel(Mailing.objects.get(pk=other.pk))
    time.sleep(FAST["MAIL_BATCH_SIZE"] * 0.01 + 1.5)
    after_cancel = smtp_server.collector.count()
    time.sleep(1)
    assert smtp_server.collector.count() == after_cancel < 600
    assert other.deliveries.filter(status="cancelled").count() == 600 - after_cancel


def test_a_scheduled_mailing_goes_out_at_its_time_with_a_real_beat(start_worker, smtp_server):
    make_supporters(20)
    send_at = timezone.now() + timezone.timedelta(seconds=4)
    mailing = make_mailing()
    services.mailing_schedule(mailing, send_at=send_at)
    start_worker("beat", kind="beat", OUTREACH_TICK_SECONDS=1, MAIL_TICK_SECONDS=1)
    start_worker("scheduled")
    wait_for_messages(smtp_server, 20, timeout=60)
    mailing.refresh_from_db()
    assert mailing.started_at >= send_at
    deadline = time.monotonic() + 30
    while status_of(mailing) != Mailing.Status.SENT:
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert set(copies_per_recipient(smtp_server).values()) == {1}
