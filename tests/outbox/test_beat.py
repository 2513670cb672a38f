"""Beat that may die: two beats run, one leads by a PostgreSQL advisory lock, and the other takes
over when it is killed. The system's own schedules are kept as settings write them."""

import collections
import time

import pytest
from django.db import connection
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from campaign.beat import LEADER_LOCK_KEY, system_schedules_restore
from outreach import services
from outreach.models import Mailing
from tests.outreach.factories import make_mailing, make_supporters

from ..workers import start_processes, wait_until


def leader_pids():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = %s AND granted "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            [LEADER_LOCK_KEY & 0xFFFFFFFF],
        )
        return [row[0] for row in cursor.fetchall()]


def leads(process):
    return "This beat now leads" in process.log_path.read_text()


@pytest.mark.django_db(transaction=True)
def test_a_second_beat_takes_over_when_the_first_is_killed_and_mail_goes_once_on_time(
    smtp_server, live_server, purge_queues, settings
):
    make_supporters(30)
    with start_processes(
        smtp_server, live_server, settings, {"OUTREACH_TICK_SECONDS": 1, "MAIL_TICK_SECONDS": 1}
    ) as start:
        first = start("first", kind="beat")
        wait_until(lambda: leads(first), timeout=30, message="the first beat did not lead")
        second = start("second", kind="beat")
        time.sleep(2)
        assert not leads(second)  # it waits while the first leads
        assert len(leader_pids()) == 1
        start("worker")

        send_at = timezone.now() + timezone.timedelta(seconds=6)
        mailing = make_mailing()
        services.mailing_schedule(mailing, send_at=send_at)
        first.kill()
        wait_until(lambda: leads(second), timeout=15, message="the second beat did not take over")
        wait_until(lambda: len(set(smtp_server.collector.recipients())) == 30, timeout=60, message="mail missing")
        wait_until(lambda: Mailing.objects.get(pk=mailing.pk).status == Mailing.Status.SENT, timeout=30)
    mailing.refresh_from_db()
    assert send_at <= mailing.started_at <= send_at + timezone.timedelta(seconds=3)  # on time: within a tick or two
    assert set(collections.Counter(smtp_server.collector.recipients()).values()) == {1}


@pytest.mark.django_db
def test_system_schedules_are_put_back_when_deleted_disabled_or_edited(settings):
    system_schedules_restore()
    PeriodicTask.objects.filter(name="petitions-purge-unconfirmed").delete()
    PeriodicTask.objects.filter(name="outbox-tick").update(enabled=False)
    PeriodicTask.objects.filter(name="outreach-tick").update(task="outreach.tasks.something_else")
    restored = system_schedules_restore()
    assert sorted(restored) == ["outbox-tick", "outreach-tick", "petitions-purge-unconfirmed"]
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        task = PeriodicTask.objects.get(name=name)
        assert task.enabled and task.task == entry["task"]
    assert system_schedules_restore() == []  # nothing to do when all is as written
