"""The outbox with real Celery workers and beat, a real Redis broker and a real SMTP server."""

import collections
import time

import pytest
import redis

from outbox.models import OutgoingMail
from outreach.models import Mailing
from petitions.services import signature_submit
from tests.outreach.factories import make_mailing, make_supporters, schedule_now
from tests.petitions.factories import make_petition

from ..workers import beat_tick, start_processes, wait_for_messages, wait_until

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def processes(smtp_server, live_server, purge_queues, settings):
    def start_with(overrides):
        return start_processes(smtp_server, live_server, settings, overrides)

    return start_with


def test_confirmations_a_5xx_fails_once_a_4xx_is_retried_and_the_batch_goes_on(processes, smtp_server):
    petition = make_petition()
    smtp_server.collector.refuse = {
        "signer1@example.org": "550 5.1.1 No such user",
        "signer2@example.org": "451 4.3.0 Greylisted, try again later",
    }
    with processes({"MAIL_RETRY_SECONDS": 1, "MAIL_TICK_SECONDS": 1}) as start:
        start("beat", kind="beat")
        start("worker")
        for i in range(5):
            signature_submit(petition=petition, name=f"Signer {i}", email=f"signer{i}@example.org", country="GB")
        wait_for_messages(smtp_server, 3)
        wait_until(lambda: OutgoingMail.objects.filter(to_email="signer2@example.org", status="retry").exists())
        smtp_server.collector.refuse.pop("signer2@example.org")  # the greylisting server lets it in now
        smtp_server.collector.wait_for("signer2@example.org", timeout=30)
    refused = OutgoingMail.objects.get(to_email="signer1@example.org")
    assert (refused.status, refused.attempts) == ("failed", 1)
    assert OutgoingMail.objects.get(to_email="signer2@example.org").attempts == 2
    assert sorted(smtp_server.collector.recipients()) == [f"signer{i}@example.org" for i in (0, 2, 3, 4)]


def test_a_worker_killed_mid_batch_has_its_mail_sent_by_another_within_a_minute(processes, smtp_server):
    """Default lease and tick: what a deployment gets without tuning anything."""
    smtp_server.collector.delay = 0.02
    make_supporters(300)
    mailing = schedule_now(make_mailing())
    with processes({}) as start:
        start("beat", kind="beat")
        doomed = start("doomed")
        start("survivor")
        wait_for_messages(smtp_server, 60)
        doomed.kill()
        killed_at = time.monotonic()
        wait_until(lambda: len(set(smtp_server.collector.recipients())) == 300, timeout=90, message="not all sent")
        took = time.monotonic() - killed_at
        wait_until(lambda: Mailing.objects.get(pk=mailing.pk).status == Mailing.Status.SENT, timeout=30)
    assert took < 60, f"the killed worker's mail took {took:.0f}s to go out"
    copies = collections.Counter(smtp_server.collector.recipients())
    duplicated = [address for address, n in copies.items() if n > 1]
    assert len(duplicated) <= 1  # only the message the killed process had in flight


def test_a_flushed_redis_does_not_stop_the_mail(processes, smtp_server, settings):
    petition = make_petition()
    for i in range(20):
        signature_submit(petition=petition, name=f"Signer {i}", email=f"signer{i}@example.org", country="GB")
    # The wake-up tasks wait in Redis… and Redis loses them all.
    redis.Redis.from_url(settings.REDIS_URL).flushdb()
    with processes({}) as start:
        start("after-flush")
        deadline = time.monotonic() + 60
        while smtp_server.collector.count() < 20:
            assert time.monotonic() < deadline
            beat_tick()  # the database, not the broker, says what is due
            time.sleep(0.5)
    assert len(set(smtp_server.collector.recipients())) == 20
