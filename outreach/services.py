"""Scheduling and sending mailings.

How a mailing goes out:
1. Staff schedule it (`mailing_schedule`): status SCHEDULED with a `send_at`.
2. Every few seconds Celery beat runs `tick`. A due mailing is started (`mailing_start`): one
   Delivery row per recipient is written and the mailing becomes SENDING, in one transaction.
3. `send_mailing_batch` tasks (any number, on any worker) call `mailing_send_batches`, which claims
   batches of deliveries with SELECT … FOR UPDATE SKIP LOCKED and sends each batch over one SMTP
   connection, marking every delivery sent as soon as its message is accepted.
4. A worker that dies leaves its claimed deliveries IN_FLIGHT; `tick` hands back those whose claim
   is older than OUTREACH_IN_FLIGHT_TIMEOUT. Only the message being sent at the moment of death can
   go out twice. If Redis loses the tasks, `tick` sees the mailing's heartbeat go stale and queues
   new ones: the rows, not the tasks, say what is left to do.
"""

import logging
import smtplib
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection, mail_admins, send_mail
from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from campaign.mail import rate_limit_wait
from people.models import Person
from people.services import person_record_consent

from .models import Delivery, Mailing, RecurringMailing
from .rendering import MailingRenderer

logger = logging.getLogger(__name__)

CLAIMABLE = [Delivery.Status.QUEUED, Delivery.Status.RETRY]
UNFINISHED = [Delivery.Status.QUEUED, Delivery.Status.RETRY, Delivery.Status.IN_FLIGHT]


class MailingStateError(Exception):
    """The mailing is not in a state that allows what was asked."""


# --- What staff do -------------------------------------------------------------------------------


def mailing_schedule(mailing, *, send_at=None):
    send_at = send_at or mailing.send_at or timezone.now()
    updated = Mailing.objects.filter(pk=mailing.pk, status=Mailing.Status.DRAFT).update(
        status=Mailing.Status.SCHEDULED, send_at=send_at, status_note=""
    )
    if not updated:
        raise MailingStateError("Only a draft can be scheduled.")
    mailing.refresh_from_db()
    return mailing


def mailing_unschedule(mailing):
    if not Mailing.objects.filter(pk=mailing.pk, status=Mailing.Status.SCHEDULED).update(status=Mailing.Status.DRAFT):
        raise MailingStateError("Only a scheduled mailing that has not started can go back to draft.")
    mailing.refresh_from_db()


def mailing_pause(mailing, note="Paused by staff."):
    """Workers stop at the end of the batch they are sending."""
    updated = Mailing.objects.filter(
        pk=mailing.pk, status__in=[Mailing.Status.SENDING, Mailing.Status.SCHEDULED]
    ).update(status=Mailing.Status.PAUSED, status_note=note[:255])
    if not updated:
        raise MailingStateError("Only a scheduled or sending mailing can be paused.")
    mailing.refresh_from_db()


def mailing_resume(mailing):
    with transaction.atomic():
        current = Mailing.objects.select_for_update().get(pk=mailing.pk)
        if current.status != Mailing.Status.PAUSED:
            raise MailingStateError("Only a paused mailing can be resumed.")
        current.status = Mailing.Status.SENDING if current.started_at else Mailing.Status.SCHEDULED
        current.status_note = ""
        current.heartbeat_at = None  # so that the next tick queues workers at once
        current.save(update_fields=["status", "status_note", "heartbeat_at"])
        if current.status == Mailing.Status.SENDING:
            transaction.on_commit(lambda: queue_batches(current.pk))
    mailing.refresh_from_db()


def mailing_cancel(mailing):
    """No further message goes out; those already sent stay sent."""
    with transaction.atomic():
        updated = Mailing.objects.filter(
            pk=mailing.pk, status__in=[Mailing.Status.SCHEDULED, Mailing.Status.SENDING, Mailing.Status.PAUSED]
        ).update(status=Mailing.Status.CANCELLED, finished_at=timezone.now())
        if not updated:
            raise MailingStateError("Only a scheduled, sending or paused mailing can be cancelled.")
        mailing.deliveries.filter(status__in=CLAIMABLE).update(status=Delivery.Status.CANCELLED)
    mailing.refresh_from_db()


def mailing_duplicate(mailing, *, created_by=None):
    copy = Mailing.objects.get(pk=mailing.pk)
    copy.pk = None
    copy.name = f"Copy of {mailing.name}"[:200]
    copy.status = Mailing.Status.DRAFT
    copy.status_note = ""
    copy.send_at = copy.started_at = copy.finished_at = copy.heartbeat_at = None
    copy.recurrence = None
    copy.occurrence_key = ""
    copy.created_by = created_by
    copy.save()
    return copy


def mailing_send_test(mailing, *, to_email, person=None):
    """Send one copy to a member of staff, rendered for `person` (or for them), outside the log."""
    person = person or Person(given_name="Test", family_name="Recipient", pk=0)
    message = MailingRenderer(mailing).message(person, to_email)
    message.subject = f"[TEST] {message.subject}"
    message.send()


def mailing_progress(mailing):
    counts = dict(mailing.deliveries.values_list("status").annotate(n=Count("id")).order_by())
    total = sum(counts.values())
    done = counts.get("sent", 0) + counts.get("failed", 0) + counts.get("skipped", 0) + counts.get("cancelled", 0)
    return {
        "status": mailing.status,
        "status_display": mailing.get_status_display(),
        "status_note": mailing.status_note,
        "total": total,
        "sent": counts.get("sent", 0),
        "failed": counts.get("failed", 0),
        "skipped": counts.get("skipped", 0),
        "cancelled": counts.get("cancelled", 0),
        "pending": total - done,
        "percent_done": round(100 * done / total) if total else 0,
    }


# --- What the beat does --------------------------------------------------------------------------


def tick(now=None):
    """Start due mailings, hand back stuck deliveries, revive stalled mailings, finish done ones."""
    now = now or timezone.now()
    for mailing_id in Mailing.objects.due(now).values_list("pk", flat=True):
        mailing_start(mailing_id, now=now)
    deliveries_sweep(now=now)
    stale = now - timedelta(seconds=settings.OUTREACH_STALL_SECONDS)
    stalled = Mailing.objects.filter(status=Mailing.Status.SENDING).filter(
        Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=stale)
    )
    for mailing_id in stalled.values_list("pk", flat=True):
        if not mailing_finish_if_done(mailing_id):
            Mailing.objects.filter(pk=mailing_id).update(heartbeat_at=now)
            queue_batches(mailing_id)


def mailing_start(mailing_id, *, now=None):
    """Write the deliveries of a due mailing and mark it SENDING. Returns the number of recipients,
    or None when the mailing was not due (already started by another tick, paused, cancelled)."""
    now = now or timezone.now()
    with transaction.atomic():
        mailing = (
            Mailing.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("audience")
            .filter(pk=mailing_id, status=Mailing.Status.SCHEDULED, send_at__lte=now)
            .first()
        )
        if mailing is None:
            return None
        recipients = deliveries_write(mailing, now=now)
        mailing.status = Mailing.Status.SENDING
        mailing.started_at = now
        mailing.heartbeat_at = now
        mailing.save(update_fields=["status", "started_at", "heartbeat_at"])
        transaction.on_commit(lambda: queue_batches(mailing.pk))
    logger.info("Mailing %s started with %s recipients", mailing_id, recipients)
    return recipients


def deliveries_write(mailing, *, now):
    """One delivery per recipient, in one INSERT … SELECT, so 100,000 rows never pass through Python."""
    people_sql, params = mailing.audience.people().order_by().values_list("id", "email").query.sql_with_params()
    table = Delivery._meta.db_table
    # The table name is ours and the SELECT is Django's own SQL; every value is a parameter.
    sql = (
        f"INSERT INTO {table} (mailing_id, person_id, email, status, attempts, created_at, last_error) "  # noqa: S608  # nosec B608
        f"SELECT %s, recipient.id, recipient.email, %s, 0, %s, '' FROM ({people_sql}) AS recipient WHERE true "
        "ON CONFLICT (mailing_id, person_id) WHERE person_id IS NOT NULL DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [mailing.pk, Delivery.Status.QUEUED, now, *params])
        return cursor.rowcount


def deliveries_sweep(*, now=None):
    """Hand back deliveries whose worker stopped answering; give up on those that killed workers
    again and again. Returns how many were handed back."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.OUTREACH_IN_FLIGHT_TIMEOUT)
    stuck = Delivery.objects.filter(status=Delivery.Status.IN_FLIGHT, claimed_at__lt=cutoff)
    stuck.filter(attempts__gte=settings.OUTREACH_MAX_ATTEMPTS).update(
        status=Delivery.Status.FAILED, claim_token=None, last_error="Sending was interrupted too many times."
    )
    handed_back = stuck.update(status=Delivery.Status.QUEUED, claim_token=None, claimed_at=None)
    if handed_back:
        logger.warning("Handed back %s deliveries stuck in flight", handed_back)
    return handed_back


def mailing_finish_if_done(mailing_id):
    if Delivery.objects.filter(mailing_id=mailing_id, status__in=UNFINISHED).exists():
        return False
    return bool(
        Mailing.objects.filter(pk=mailing_id, status=Mailing.Status.SENDING).update(
            status=Mailing.Status.SENT, finished_at=timezone.now()
        )
    )


def queue_batches(mailing_id, count=None):
    from .tasks import send_mailing_batch

    for _ in range(count or settings.OUTREACH_PARALLEL_BATCHES):
        send_mailing_batch.delay(mailing_id)


def recurring_mailing_occur(recurring_id, *, now=None):
    """Schedule this occurrence of a recurring mailing. A second call for the same minute (a beat
    that fired twice) creates nothing."""
    now = now or timezone.now()
    recurring = RecurringMailing.objects.select_related("template").filter(pk=recurring_id, is_active=True).first()
    if recurring is None:
        return None
    key = now.replace(second=0, microsecond=0).isoformat()
    if Mailing.objects.filter(recurrence=recurring, occurrence_key=key).exists():
        return None
    copy = mailing_duplicate(recurring.template)
    copy.name = f"{recurring.name}: {timezone.localtime(now):%-d %B %Y %H:%M}"[:200]
    copy.status, copy.send_at, copy.recurrence, copy.occurrence_key = Mailing.Status.SCHEDULED, now, recurring, key
    copy.save()
    return copy


# --- What the workers do -------------------------------------------------------------------------


def mailing_send_batches(mailing_id):
    """Claim and send batches until the mailing has nothing left to claim, is no longer SENDING, or
    this call has worked OUTREACH_TASK_SECONDS (then it asks for a fresh task, so that one long
    mailing does not hold a worker for ever). Returns the number of messages sent."""
    started = time.monotonic()
    sent = 0
    while time.monotonic() - started < settings.OUTREACH_TASK_SECONDS:
        mailing = Mailing.objects.select_related("audience", "event", "petition").get(pk=mailing_id)
        if mailing.status != Mailing.Status.SENDING:
            return sent
        Mailing.objects.filter(pk=mailing_id).update(heartbeat_at=timezone.now())
        token = uuid.uuid4()
        batch = deliveries_claim(mailing_id, token=token)
        if not batch:
            mailing_finish_if_done(mailing_id)
            return sent
        outcome = deliveries_send(mailing, batch, token=token)
        sent += outcome.sent
        mailing_pause_if_failing(mailing)
        if outcome.connection_failed:
            return sent  # the server is unwell: the beat re-queues work once the heartbeat is stale
    queue_batches(mailing_id, count=1)
    return sent


def deliveries_claim(mailing_id, *, token, size=None):
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(mailing_id=mailing_id, status__in=CLAIMABLE)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .order_by("id")
            .values_list("id", flat=True)[: size or settings.OUTREACH_BATCH_SIZE]
        )
        Delivery.objects.filter(id__in=ids).update(
            status=Delivery.Status.IN_FLIGHT, claimed_at=now, claim_token=token, attempts=F("attempts") + 1
        )
    return list(Delivery.objects.filter(id__in=ids).select_related("person").order_by("id"))


class BatchOutcome:
    def __init__(self):
        self.sent = 0
        self.connection_failed = False


def deliveries_send(mailing, batch, *, token):
    """Send a claimed batch over one SMTP connection. Every state change is conditional on our
    claim token, so that a delivery handed back by the sweeper is never written by a late worker."""
    outcome = BatchOutcome()
    renderer = MailingRenderer(mailing)
    mine = Delivery.objects.filter(claim_token=token, status=Delivery.Status.IN_FLIGHT)
    smtp = get_connection()
    try:
        smtp.open()  # one connection for the whole batch
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("Mailing %s: cannot reach the mail server: %s", mailing.pk, error)
        release(mine, [d.pk for d in batch])
        outcome.connection_failed = True
        return outcome
    last_refresh = time.monotonic()
    try:
        for index, delivery in enumerate(batch):
            if time.monotonic() - last_refresh > settings.OUTREACH_IN_FLIGHT_TIMEOUT / 3:
                # Keep the claim alive; drop any delivery the sweeper took back meanwhile.
                mine.update(claimed_at=timezone.now())
                still_mine = set(mine.values_list("id", flat=True))
                last_refresh = time.monotonic()
                if delivery.pk not in still_mine:
                    continue
            person = delivery.person
            if person is None or not may_receive(person, mailing):
                mine.filter(pk=delivery.pk).update(status=Delivery.Status.SKIPPED, claim_token=None)
                continue
            message = renderer.message(person, delivery.email, connection=smtp)
            rate_limit_wait()
            try:
                smtp.send_messages([message])
            except smtplib.SMTPRecipientsRefused as error:
                # 5xx: the address does not exist; 4xx: the server asks us to come back later.
                permanent = all(code >= 500 for code, _ in error.recipients.values())
                record_failure(mine, delivery, error, permanent=permanent)
                if permanent:
                    person_record_consent(
                        person, status=Person.EmailConsent.BOUNCED, source=f"Refused by the mail server: {mailing}"
                    )
            except smtplib.SMTPResponseException as error:
                record_failure(mine, delivery, error, permanent=500 <= error.smtp_code < 600)
            except (smtplib.SMTPException, OSError) as error:
                record_failure(mine, delivery, error, permanent=False)
                release(mine, [d.pk for d in batch[index + 1 :]])
                outcome.connection_failed = True
                return outcome
            else:
                mine.filter(pk=delivery.pk).update(
                    status=Delivery.Status.SENT, sent_at=timezone.now(), claim_token=None, last_error=""
                )
                outcome.sent += 1
    finally:
        smtp.close()
    return outcome


def may_receive(person, mailing):
    """Checked again at sending time: people who unsubscribe after a mailing started are left out."""
    if person.email_consent in (Person.EmailConsent.UNSUBSCRIBED, Person.EmailConsent.BOUNCED):
        return False
    return not mailing.is_supporter_mail or person.email_consent == Person.EmailConsent.SUBSCRIBED


def record_failure(mine, delivery, error, *, permanent):
    attempts = delivery.attempts + 1  # the claim added one in the database
    if permanent or attempts >= settings.OUTREACH_MAX_ATTEMPTS:
        mine.filter(pk=delivery.pk).update(status=Delivery.Status.FAILED, claim_token=None, last_error=str(error))
    else:
        backoff = settings.OUTREACH_RETRY_SECONDS * 2 ** (attempts - 1)
        mine.filter(pk=delivery.pk).update(
            status=Delivery.Status.RETRY,
            claim_token=None,
            next_attempt_at=timezone.now() + timedelta(seconds=backoff),
            last_error=str(error),
        )


def release(mine, ids):
    mine.filter(pk__in=ids).update(status=Delivery.Status.QUEUED, claim_token=None, claimed_at=None)


def mailing_pause_if_failing(mailing):
    """Pause a mailing whose failure rate passes OUTREACH_ERROR_THRESHOLD, and tell staff."""
    counts = dict(
        mailing.deliveries.filter(status__in=[Delivery.Status.SENT, Delivery.Status.FAILED])
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    failed, attempted = counts.get("failed", 0), counts.get("failed", 0) + counts.get("sent", 0)
    if attempted < settings.OUTREACH_ERROR_MIN_SAMPLE or failed / attempted <= settings.OUTREACH_ERROR_THRESHOLD:
        return False
    note = f"Paused automatically: {failed} of {attempted} messages failed."
    paused = Mailing.objects.filter(pk=mailing.pk, status=Mailing.Status.SENDING).update(
        status=Mailing.Status.PAUSED, status_note=note
    )
    if paused:
        logger.error("Mailing %s: %s", mailing.pk, note)
        subject = f"Mailing paused: {mailing.name}"
        admin_url = f"{settings.SITE_URL}/admin/outreach/mailing/{mailing.pk}/change/"
        body = f"{note}\n\nSee the per-recipient log in the admin: {admin_url}"
        if mailing.created_by and mailing.created_by.email:
            send_mail(subject, body, None, [mailing.created_by.email], fail_silently=True)
        mail_admins(subject, body, fail_silently=True)
    return bool(paused)
