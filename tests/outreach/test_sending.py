"""The sending rules, run in this process (the worker tests run them in real Celery workers)."""

import datetime
import threading
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from campaign.demo import load_demo_data
from outreach import services
from outreach.models import Audience, Delivery, Mailing
from people.models import Person
from people.services import person_record_consent

from .factories import make_mailing, make_supporters, schedule_now

pytestmark = pytest.mark.django_db


def send_all(mailing):
    services.mailing_start(mailing.pk)
    services.mailing_send_batches(mailing.pk)
    mailing.refresh_from_db()
    return mailing


def test_each_recipient_gets_one_personal_message_with_unsubscribe_headers(mailoutbox):
    make_supporters(30)
    mailing = send_all(schedule_now(make_mailing()))
    assert mailing.status == Mailing.Status.SENT
    assert sorted(m.to[0] for m in mailoutbox) == sorted(f"supporter{i}@example.org" for i in range(30))
    message = next(m for m in mailoutbox if m.to == ["supporter7@example.org"])
    assert message.from_email == "British Committee for Iran Freedom <outreach@example.org>"
    assert message.reply_to == ["replies@example.org"]
    assert message.body.startswith("Dear Sam7 Supporter7,")
    assert mailing.petition.get_absolute_url() in message.body
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http") and "/email/unsubscribe/" in unsubscribe
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = message.alternatives[0][0]
    assert "Dear Sam7 Supporter7," in html and "Unsubscribe</a>" in html
    assert Delivery.objects.filter(mailing=mailing, status="sent").count() == 30


def test_salutations_are_formal_for_parliamentarians(mailoutbox):
    load_demo_data()
    for family_name in ["Gale", "Maginnis", "Villiers"]:
        Person.objects.filter(family_name=family_name).update(email=f"{family_name.lower()}@parliament.example")
    audience = Audience.objects.create(name="All parliamentarians", kind=Audience.Kind.PARLIAMENTARIANS)
    send_all(schedule_now(make_mailing(audience=audience)))
    openings = sorted(m.body.splitlines()[0] for m in mailoutbox)
    assert openings == ["Dear Lord Maginnis,", "Dear Ms Villiers,", "Dear Sir Roger,"]


def test_unknown_merge_fields_are_refused_when_saving():
    mailing = make_mailing(body_text="Hello {{ frist_name }}")
    with pytest.raises(ValidationError, match="Unknown merge field"):
        mailing.full_clean()


def test_starting_twice_writes_each_recipient_once():
    make_supporters(5)
    mailing = schedule_now(make_mailing())
    assert services.mailing_start(mailing.pk) == 5
    assert services.mailing_start(mailing.pk) is None
    assert services.deliveries_write(mailing, now=timezone.now()) == 0
    assert mailing.deliveries.count() == 5


def test_people_who_unsubscribe_after_the_start_are_skipped(mailoutbox):
    supporters = make_supporters(3)
    mailing = schedule_now(make_mailing())
    services.mailing_start(mailing.pk)
    person_record_consent(supporters[1], status=Person.EmailConsent.UNSUBSCRIBED, source="test")
    services.mailing_send_batches(mailing.pk)
    assert sorted(m.to[0] for m in mailoutbox) == ["supporter0@example.org", "supporter2@example.org"]
    assert mailing.deliveries.get(person=supporters[1]).status == Delivery.Status.SKIPPED


def test_permanent_refusals_fail_and_bounce_transient_ones_wait_to_retry(smtp_server, settings):
    make_supporters(4)
    smtp_server.collector.refuse = {
        "supporter1@example.org": "550 5.1.1 No such user",
        "supporter2@example.org": "451 4.3.0 Try again later",
    }
    mailing = send_all(schedule_now(make_mailing()))
    by_email = {d.email: d for d in mailing.deliveries.all()}
    assert by_email["supporter0@example.org"].status == "sent"
    assert by_email["supporter1@example.org"].status == "failed"
    assert "No such user" in by_email["supporter1@example.org"].last_error
    assert Person.objects.get(email="supporter1@example.org").email_consent == Person.EmailConsent.BOUNCED
    retry = by_email["supporter2@example.org"]
    assert retry.status == "retry"
    assert retry.next_attempt_at > timezone.now() + datetime.timedelta(seconds=settings.OUTREACH_RETRY_SECONDS - 5)
    assert mailing.status == Mailing.Status.SENDING  # not done while a retry waits

    # Once the server accepts it and the retry is due, the mailing completes.
    smtp_server.collector.refuse = {}
    Delivery.objects.filter(pk=retry.pk).update(next_attempt_at=timezone.now())
    services.mailing_send_batches(mailing.pk)
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENT
    assert sorted(smtp_server.collector.recipients()) == [
        "supporter0@example.org",
        "supporter2@example.org",
        "supporter3@example.org",
    ]


def test_a_mailing_that_keeps_failing_pauses_itself_and_tells_staff(smtp_server, settings, admin_user):
    settings.OUTREACH_BATCH_SIZE = 5
    settings.OUTREACH_ERROR_MIN_SAMPLE = 5
    settings.ADMINS = [("Staff", "alerts@example.org")]
    make_supporters(40)
    smtp_server.collector.refuse = {f"supporter{i}@example.org": "550 No such user" for i in range(0, 40, 2)}
    mailing = send_all(schedule_now(make_mailing(created_by=admin_user)))
    assert mailing.status == Mailing.Status.PAUSED
    assert mailing.status_note.startswith("Paused automatically")
    assert mailing.deliveries.filter(status="queued").count() == 35  # stopped after the first batch
    (alert,) = smtp_server.collector.wait_for("alerts@example.org")
    assert "Mailing paused" in alert["Subject"]


def test_pause_and_cancel_stop_the_next_batch(mailoutbox, settings):
    settings.OUTREACH_BATCH_SIZE = 10
    make_supporters(30)
    mailing = schedule_now(make_mailing())
    services.mailing_start(mailing.pk)
    token = uuid.uuid4()
    services.deliveries_send(mailing, services.deliveries_claim(mailing.pk, token=token), token=token)
    services.mailing_pause(mailing)
    assert services.mailing_send_batches(mailing.pk) == 0
    assert len(mailoutbox) == 10
    services.mailing_resume(mailing)
    assert mailing.status == Mailing.Status.SENDING
    token = uuid.uuid4()
    services.deliveries_send(mailing, services.deliveries_claim(mailing.pk, token=token), token=token)
    services.mailing_cancel(mailing)
    assert services.mailing_send_batches(mailing.pk) == 0
    assert len(mailoutbox) == 20
    assert mailing.deliveries.filter(status="cancelled").count() == 10


def test_the_sweeper_hands_back_deliveries_of_a_dead_worker(settings):
    make_supporters(3)
    mailing = schedule_now(make_mailing())
    services.mailing_start(mailing.pk)
    claimed = services.deliveries_claim(mailing.pk, token=uuid.uuid4())
    assert len(claimed) == 3
    later = timezone.now() + datetime.timedelta(seconds=settings.OUTREACH_IN_FLIGHT_TIMEOUT + 1)
    assert services.deliveries_sweep(now=timezone.now()) == 0  # still fresh
    assert services.deliveries_sweep(now=later) == 3
    assert set(mailing.deliveries.values_list("status", flat=True)) == {"queued"}


def test_a_late_worker_cannot_overwrite_a_delivery_handed_back(mailoutbox, settings):
    make_supporters(1)
    mailing = schedule_now(make_mailing())
    services.mailing_start(mailing.pk)
    token = uuid.uuid4()
    batch = services.deliveries_claim(mailing.pk, token=token)
    services.deliveries_sweep(now=timezone.now() + datetime.timedelta(seconds=settings.OUTREACH_IN_FLIGHT_TIMEOUT + 1))
    new_token = uuid.uuid4()
    services.deliveries_claim(mailing.pk, token=new_token)
    services.deliveries_send(mailing, batch, token=token)  # the old worker wakes up
    assert Delivery.objects.get().claim_token == new_token  # its "sent" did not land on the new claim


@pytest.mark.django_db(transaction=True)
def test_two_workers_claiming_at_once_never_share_a_delivery(settings):
    settings.OUTREACH_BATCH_SIZE = 7
    make_supporters(200)
    mailing = schedule_now(make_mailing())
    services.mailing_start(mailing.pk)
    claims = []
    barrier = threading.Barrier(8)

    def claim_until_empty():
        barrier.wait()
        while batch := services.deliveries_claim(mailing.pk, token=uuid.uuid4()):
            claims.extend(d.pk for d in batch)
        connection.close()

    threads = [threading.Thread(target=claim_until_empty) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(claims) == len(set(claims)) == 200


def test_a_recurring_mailing_occurs_once_per_firing(settings):
    from django_celery_beat.models import CrontabSchedule

    from outreach.models import RecurringMailing

    template = make_mailing(name="Weekly digest", body_text="Coming up:\n{{ upcoming_events }}")
    crontab = CrontabSchedule.objects.create(minute="0", hour="9", day_of_week="1")
    recurring = RecurringMailing.objects.create(name="Weekly digest", template=template, crontab=crontab)
    now = timezone.now()
    first = services.recurring_mailing_occur(recurring.pk, now=now)
    assert first.status == Mailing.Status.SCHEDULED and first.send_at == now
    assert services.recurring_mailing_occur(recurring.pk, now=now) is None  # beat fired twice
    assert Mailing.objects.filter(recurrence=recurring).count() == 1
