"""The sending rules, run in this process (the worker tests run them in real Celery workers)."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from campaign.demo import load_demo_data
from outbox.services import mail_claim, mail_send_batch
from outreach import services
from outreach.models import Audience, Delivery, Mailing
from people.models import Person
from people.services import person_record_consent
from tests.mail import send_outbox

from .factories import make_mailing, make_supporters, schedule_now

pytestmark = pytest.mark.django_db


def send_all(mailing):
    services.mailing_start(mailing.pk)
    send_outbox()
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
    assert mailing.deliveries.filter(status="sent").count() == 30


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
    assert mailing.deliveries.count() == 5


def test_people_who_unsubscribe_after_the_start_are_skipped(mailoutbox):
    supporters = make_supporters(3)
    mailing = schedule_now(make_mailing())
    services.mailing_start(mailing.pk)
    person_record_consent(supporters[1], status=Person.EmailConsent.UNSUBSCRIBED, source="test")
    send_outbox()
    assert sorted(m.to[0] for m in mailoutbox) == ["supporter0@example.org", "supporter2@example.org"]
    skipped = mailing.deliveries.get(person=supporters[1])
    assert (skipped.status, skipped.last_error) == (Delivery.Status.CANCELLED, "Opted out since the mailing started.")


def test_permanent_refusals_fail_and_bounce_transient_ones_wait_to_retry(smtp_server, settings):
    make_supporters(4)
    smtp_server.collector.refuse = {
        "supporter1@example.org": "550 5.1.1 No such user",
        "supporter2@example.org": "451 4.3.0 Try again later",
    }
    mailing = send_all(schedule_now(make_mailing()))
    by_email = {d.to_email: d for d in mailing.deliveries.all()}
    assert by_email["supporter0@example.org"].status == "sent"
    assert by_email["supporter1@example.org"].status == "failed"
    assert "No such user" in by_email["supporter1@example.org"].last_error
    assert Person.objects.get(email="supporter1@example.org").email_consent == Person.EmailConsent.BOUNCED
    retry = by_email["supporter2@example.org"]
    assert retry.status == "retry"
    assert retry.due_at > timezone.now() + timezone.timedelta(seconds=settings.MAIL_RETRY_SECONDS - 5)
    assert mailing.status == Mailing.Status.SENDING  # not done while a retry waits

    # Once the server accepts it and the retry is due, the mailing completes.
    smtp_server.collector.refuse = {}
    Delivery.objects.filter(pk=retry.pk).update(due_at=timezone.now())
    send_outbox()
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENT
    assert mailing.status_note == "Sent to 3; 1 failed (see the log)."
    assert sorted(smtp_server.collector.recipients()) == [
        "supporter0@example.org",
        "supporter2@example.org",
        "supporter3@example.org",
    ]


def test_a_mailing_that_keeps_failing_pauses_itself_and_tells_staff(smtp_server, settings, admin_user):
    settings.MAIL_BATCH_SIZE = 5
    settings.OUTREACH_ERROR_MIN_SAMPLE = 5
    settings.ADMINS = [("Staff", "alerts@example.org")]
    make_supporters(40)
    smtp_server.collector.refuse = {f"supporter{i}@example.org": "550 No such user" for i in range(0, 40, 2)}
    mailing = send_all(schedule_now(make_mailing(created_by=admin_user)))
    assert mailing.status == Mailing.Status.PAUSED
    assert mailing.status_note.startswith("Paused automatically")
    assert mailing.deliveries.filter(status="held").count() == 35  # stopped after the first batch
    send_outbox()  # the alerts go through the outbox too
    (alert,) = smtp_server.collector.wait_for("alerts@example.org")
    assert "Mailing paused" in alert["Subject"]
    assert smtp_server.collector.wait_for(admin_user.email)


def test_a_mailing_sent_with_failures_says_so_and_tells_staff(smtp_server, settings, admin_user):
    settings.ADMINS = [("Staff", "alerts@example.org")]
    make_supporters(3)
    smtp_server.collector.refuse = {"supporter1@example.org": "550 No such user"}
    mailing = send_all(schedule_now(make_mailing(created_by=admin_user)))
    send_outbox()
    assert mailing.status == Mailing.Status.SENT
    assert mailing.status_note == "Sent to 2; 1 failed (see the log)."
    (alert,) = smtp_server.collector.wait_for("alerts@example.org")
    assert "sent with failures" in alert["Subject"]


def send_one_batch():
    token = uuid.uuid4()
    return mail_send_batch(mail_claim(token=token, size=10), token=token)


def test_pause_and_cancel_stop_the_next_batch(mailoutbox, settings):
    make_supporters(30)
    mailing = schedule_now(make_mailing())
    services.mailing_start(mailing.pk)
    send_one_batch()
    services.mailing_pause(mailing)
    assert send_outbox() == 0
    assert len(mailoutbox) == 10
    assert mailing.deliveries.filter(status="held").count() == 20
    services.mailing_resume(mailing)
    assert mailing.status == Mailing.Status.SENDING
    send_one_batch()
    services.mailing_cancel(mailing)
    assert send_outbox() == 0
    assert len(mailoutbox) == 20
    assert mailing.deliveries.filter(status="cancelled").count() == 10


def test_mail_claimed_before_a_pause_waits_with_the_rest(mailoutbox):
    make_supporters(3)
    mailing = schedule_now(make_mailing())
    services.mailing_start(mailing.pk)
    token = uuid.uuid4()
    claimed = mail_claim(token=token, size=10)  # a worker holds the batch when staff press pause
    services.mailing_pause(mailing)
    mail_send_batch(claimed, token=token)
    assert mailoutbox == []
    assert set(mailing.deliveries.values_list("status", "attempts")) == {("held", 0)}


def test_a_recurring_mailing_occurs_once_per_firing(settings):
    from outreach.models import RecurringMailing

    template = make_mailing(name="Weekly digest", body_text="Coming up:\n{{ upcoming_events }}")
    recurring = RecurringMailing.objects.create(name="Weekly digest", template=template)
    now = timezone.now()
    first = services.recurring_mailing_occur(recurring.pk, now=now)
    assert first.status == Mailing.Status.SCHEDULED and first.send_at == now
    assert services.recurring_mailing_occur(recurring.pk, now=now) is None  # beat fired twice
    assert Mailing.objects.filter(recurrence=recurring).count() == 1


def test_a_recurring_mailing_keeps_its_beat_entry_and_takes_it_when_deleted():
    from django_celery_beat.models import PeriodicTask

    from outreach.models import RecurringMailing

    template = make_mailing(name="Weekly digest")
    recurring = RecurringMailing.objects.create(name="Weekly digest", template=template)
    task = services.recurring_mailing_save_schedule(recurring)
    assert (task.task, task.enabled) == ("outreach.tasks.occur_recurring_mailing", True)
    crontab = task.crontab
    assert (crontab.minute, crontab.hour, crontab.day_of_week, str(crontab.timezone)) == (
        "0",
        "9",
        "1",
        "Europe/London",
    )
    recurring.delete()
    assert not PeriodicTask.objects.filter(pk=task.pk).exists()
