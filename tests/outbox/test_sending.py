"""The outbox's one sending loop, run in this process against a real SMTP server (aiosmtpd).
The worker tests (test_workers.py) run the same loop in real Celery workers."""

import threading
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from outbox.kinds import MailKind, register
from outbox.messages import compose_message
from outbox.models import OutgoingMail
from outbox.services import (
    alert_staff,
    leases_expire,
    mail_claim,
    mail_send_batch,
    outbox_enqueue,
    outbox_enqueue_composed,
    outbox_needs_senders,
    outbox_purge,
    outbox_send_due,
)
from people.models import Person
from petitions.models import Signature
from tests.mail import send_outbox
from tests.petitions.factories import make_petition

pytestmark = pytest.mark.django_db


def sign(client, petition, email, name="Ada Lovelace"):
    data = {"name": name, "email": email, "country": "FR", "website": ""}
    assert client.post(f"/petitions/{petition.slug}/sign/", data).status_code == 302


def test_a_refused_address_fails_after_one_try_and_the_rest_of_its_batch_is_sent(client, smtp_server):
    petition = make_petition()
    for i in range(5):
        sign(client, petition, f"signer{i}@example.org")
    smtp_server.collector.refuse = {"signer1@example.org": "550 5.1.1 No such user"}
    assert send_outbox() == 4
    refused = OutgoingMail.objects.get(to_email="signer1@example.org")
    assert (refused.status, refused.attempts) == ("failed", 1)
    assert "No such user" in refused.last_error
    assert sorted(smtp_server.collector.recipients()) == [f"signer{i}@example.org" for i in (0, 2, 3, 4)]
    assert send_outbox() == 0  # a permanent failure is not tried again


@pytest.mark.parametrize("synchronous_commit", ["off", "on"])
def test_each_mail_accepted_is_marked_sent_with_its_time_whether_or_not_the_mark_waits_for_the_disk(
    client, smtp_server, settings, synchronous_commit
):
    settings.MAIL_SENT_SYNCHRONOUS_COMMIT = synchronous_commit
    petition = make_petition()
    for i in range(3):
        sign(client, petition, f"signer{i}@example.org")
    before = timezone.now()
    assert send_outbox() == 3
    mails = OutgoingMail.objects.filter(to_email__startswith="signer")
    assert {(mail.status, mail.claim_token, mail.lease_expires_at) for mail in mails} == {("sent", None, None)}
    assert all(before <= mail.sent_at <= timezone.now() for mail in mails)
    assert sorted(smtp_server.collector.recipients()) == [f"signer{i}@example.org" for i in range(3)]


def test_a_temporary_refusal_is_retried_with_back_off_then_sent(client, smtp_server, settings):
    petition = make_petition()
    sign(client, petition, "busy@example.org")
    smtp_server.collector.refuse = {"busy@example.org": "451 4.3.0 Try again later"}
    assert send_outbox() == 0
    waiting = OutgoingMail.objects.get()
    assert waiting.status == "retry" and waiting.attempts == 1
    assert waiting.due_at > timezone.now() + timedelta(seconds=settings.MAIL_RETRY_SECONDS - 5)
    assert send_outbox() == 0  # not before its time
    smtp_server.collector.refuse = {}
    OutgoingMail.objects.update(due_at=timezone.now())
    assert send_outbox() == 1
    assert OutgoingMail.objects.get().status == "sent"
    assert smtp_server.collector.recipients() == ["busy@example.org"]


def test_temporary_refusals_give_up_after_the_last_attempt(client, smtp_server, settings):
    settings.MAIL_MAX_ATTEMPTS = 2
    sign(client, make_petition(), "busy@example.org")
    smtp_server.collector.refuse = {"busy@example.org": "451 4.3.0 Try again later"}
    send_outbox()
    OutgoingMail.objects.update(due_at=timezone.now())
    send_outbox()
    assert OutgoingMail.objects.get().status == "failed"


def test_a_bounce_marks_the_persons_address(smtp_server):
    person = Person.objects.create(family_name="Gone", email="gone@example.org", email_consent="subscribed")
    outbox_enqueue_composed(to_email="gone@example.org", subject="Hello", text="Hi", person_id=person.pk)
    smtp_server.collector.refuse = {"gone@example.org": "550 5.1.1 No such user"}
    send_outbox()
    person.refresh_from_db()
    assert person.email_consent == Person.EmailConsent.BOUNCED
    assert person.consent_changes.first().source.startswith("Refused by the mail server")


class BrokenMail(MailKind):
    """A kind whose messages carry a line break in their subject, as an imported name could."""

    name = "test_broken"

    def build(self, mail, prepared):
        return compose_message(to=mail.to_email, subject=f"Hello {mail.content['name']}", text="Hi")


register(BrokenMail())


def test_a_message_that_cannot_be_built_fails_alone_and_tells_staff(smtp_server, settings):
    settings.ADMINS = [("Staff", "alerts@example.org")]
    outbox_enqueue_composed(to_email="first@example.org", subject="One", text="Hi")
    outbox_enqueue(kind="test_broken", to_email="broken@example.org", content={"name": "Ada\r\nBcc: x@evil.example"})
    outbox_enqueue_composed(to_email="last@example.org", subject="Two", text="Hi")
    report = outbox_send_due(max_seconds=30)
    broken = OutgoingMail.objects.get(to_email="broken@example.org")
    assert broken.status == "failed"
    assert "line break" in broken.last_error
    assert report.sent == 2 + 1  # both neighbours, and the alert queued meanwhile
    recipients = smtp_server.collector.recipients()
    assert {"first@example.org", "last@example.org", "alerts@example.org"} == set(recipients)
    assert "x@evil.example" not in " ".join(recipients)
    (alert,) = smtp_server.collector.to("alerts@example.org")
    assert "could not be built" in alert["Subject"]


def test_an_unknown_kind_is_cancelled_not_retried_for_ever(smtp_server):
    outbox_enqueue(kind="no_such_kind", to_email="x@example.org")
    send_outbox()
    assert OutgoingMail.objects.get().status == "cancelled"


def test_a_server_that_cannot_be_reached_puts_the_batch_back_uncounted(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    outbox_enqueue_composed(to_email="a@example.org", subject="One", text="Hi")
    report = outbox_send_due(max_seconds=30)
    assert report.connection_failed and report.sent == 0
    mail = OutgoingMail.objects.get()
    assert (mail.status, mail.attempts) == ("queued", 0)
    assert mail.due_at > timezone.now()
    assert "Could not reach the mail server" in mail.last_error


def test_transactional_mail_goes_before_bulk_mail(client, mailoutbox, settings):
    from outreach.services import mailing_start
    from tests.outreach.factories import make_mailing, make_supporters, schedule_now

    settings.MAIL_BATCH_SIZE = 5
    make_supporters(20)
    mailing_start(schedule_now(make_mailing()).pk)
    sign(client, make_petition(slug="urgent"), "signer@example.org")
    token = uuid.uuid4()
    first_batch = mail_claim(token=token, size=5)
    assert first_batch[0].to_email == "signer@example.org"


def test_mail_of_a_dead_sender_is_taken_back_when_its_lease_runs_out(mailoutbox, settings):
    outbox_enqueue_composed(to_email="a@example.org", subject="One", text="Hi")
    claimed = mail_claim(token=uuid.uuid4(), size=10)  # a worker claims it, then dies
    assert len(claimed) == 1 and claimed[0].lease_expires_at > timezone.now()
    assert send_outbox() == 0  # the lease keeps others off it meanwhile
    assert leases_expire(now=timezone.now() + timedelta(seconds=settings.MAIL_LEASE_SECONDS + 1)) == 1
    assert send_outbox() == 1 and len(mailoutbox) == 1


def test_mail_interrupted_too_often_is_given_up(settings):
    settings.MAIL_MAX_ATTEMPTS = 1
    outbox_enqueue_composed(to_email="a@example.org", subject="One", text="Hi")
    mail_claim(token=uuid.uuid4(), size=10)
    leases_expire(now=timezone.now() + timedelta(seconds=settings.MAIL_LEASE_SECONDS + 1))
    assert OutgoingMail.objects.get().status == "failed"


def test_a_late_sender_cannot_overwrite_mail_taken_back(mailoutbox, settings):
    outbox_enqueue_composed(to_email="a@example.org", subject="One", text="Hi")
    old_token = uuid.uuid4()
    batch = mail_claim(token=old_token, size=10)
    OutgoingMail.objects.update(lease_expires_at=timezone.now() - timedelta(seconds=1))
    new_token = uuid.uuid4()
    assert len(mail_claim(token=new_token, size=10)) == 1  # taken back and claimed again
    mail_send_batch(batch, token=old_token)  # the old sender wakes up and sends its copy
    mail = OutgoingMail.objects.get()
    assert (mail.status, mail.claim_token) == ("in_flight", new_token)  # its "sent" did not land


@pytest.mark.django_db(transaction=True)
def test_a_sender_renews_the_lease_of_what_it_holds(settings, smtp_server):
    settings.MAIL_LEASE_SECONDS = 3
    smtp_server.collector.delay = 0.5
    for i in range(8):
        outbox_enqueue_composed(to_email=f"m{i}@example.org", subject="One", text="Hi")
    token = uuid.uuid4()
    batch = mail_claim(token=token, size=10)
    taken_by_another = []

    def another_sender():
        # Four seconds in, past the first lease: another sender looks for mail to take back.
        threading.Event().wait(4)
        taken_by_another.extend(mail_claim(token=uuid.uuid4(), size=10))
        connection.close()

    thread = threading.Thread(target=another_sender)
    thread.start()
    mail_send_batch(batch, token=token)  # four seconds of sending: longer than one lease
    thread.join()
    assert taken_by_another == []  # the lease was renewed, so nothing looked abandoned
    assert OutgoingMail.objects.filter(status="sent").count() == 8
    assert smtp_server.collector.count() == 8


@pytest.mark.django_db(transaction=True)
def test_senders_claiming_at_once_never_share_a_mail():
    OutgoingMail.objects.bulk_create(
        [OutgoingMail(kind="composed", to_email=f"m{i}@example.org", content={}) for i in range(200)]
    )
    claims = []
    barrier = threading.Barrier(8)

    def claim_until_empty():
        barrier.wait()
        while batch := mail_claim(token=uuid.uuid4(), size=7):
            claims.extend(mail.pk for mail in batch)
        connection.close()

    threads = [threading.Thread(target=claim_until_empty) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(claims) == len(set(claims)) == 200


def test_beat_queues_senders_only_when_mail_waits_and_nobody_sends(settings):
    assert not outbox_needs_senders()
    outbox_enqueue_composed(to_email="a@example.org", subject="One", text="Hi")
    assert outbox_needs_senders()
    mail_claim(token=uuid.uuid4(), size=1)
    assert not outbox_needs_senders()  # a sender holds a fresh lease
    OutgoingMail.objects.update(lease_expires_at=timezone.now() - timedelta(seconds=1))
    assert outbox_needs_senders()  # …until it stops renewing it


def test_message_ids_name_the_sites_domain_not_the_servers_host(smtp_server, settings):
    settings.SITE_URL = "https://campaign.example.org"
    outbox_enqueue_composed(to_email="a@example.org", subject="One", text="Hi")
    send_outbox()
    (message,) = smtp_server.collector.messages
    assert message["Message-ID"].endswith("@campaign.example.org>")


def test_alerts_are_sent_once_per_key_within_their_window(settings, mailoutbox):
    settings.ADMINS = [("Staff", "alerts@example.org")]
    assert alert_staff("Something broke", "Details", once_key="test-alert") == 1
    assert alert_staff("Something broke", "Details", once_key="test-alert") == 0
    send_outbox()
    assert [m.to for m in mailoutbox] == [["alerts@example.org"]]


def test_finished_transactional_mail_is_purged_after_its_keeping_time(settings):
    old = outbox_enqueue_composed(to_email="old@example.org", subject="One", text="Hi")
    outbox_enqueue_composed(to_email="new@example.org", subject="Two", text="Hi")
    OutgoingMail.objects.update(status="sent")
    OutgoingMail.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=settings.MAIL_KEEP_DAYS + 1)
    )
    assert outbox_purge() == 1
    assert list(OutgoingMail.objects.values_list("to_email", flat=True)) == ["new@example.org"]


def test_a_signature_confirmed_before_its_mail_went_out_gets_no_mail(client, mailoutbox):
    petition = make_petition()
    sign(client, petition, "quick@example.org")
    Signature.objects.update(status=Signature.Status.VALIDATED)
    assert send_outbox() == 0
    assert OutgoingMail.objects.get().status == "cancelled"
    assert mailoutbox == []


def test_the_smtp_timeout_is_never_zero():
    """With a short lease, the timeout must still block: Python reads 0 as a non-blocking socket."""
    import subprocess
    import sys

    code = "from django.conf import settings; import django; django.setup(); print(settings.EMAIL_TIMEOUT)"
    env = {**__import__("os").environ, "MAIL_LEASE_SECONDS": "3", "EMAIL_TIMEOUT": "30"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert int(result.stdout.strip().splitlines()[-1]) >= 1
