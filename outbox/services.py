"""Queueing and sending every mail the app sends.

How a mail goes out:
1. A service writes an OutgoingMail row (`outbox_enqueue`, or `outbox_enqueue_select` for a whole
   audience in one INSERT … SELECT) in the transaction that makes it due, and sends `mail_queued`;
   after the commit, outbox.tasks wakes a sender.
2. A sender (`outbox_send_due`, any number at once on any worker) claims a batch of due rows with
   SELECT … FOR UPDATE SKIP LOCKED, most urgent first (a confirmation link before a newsletter),
   marks them IN_FLIGHT under its claim token with a short lease, and sends the batch over one SMTP
   connection, marking each row SENT the moment the server accepts it. While it works it renews
   the lease; a sender that dies stops renewing, and the next claim (by any sender) takes its mail
   back once the lease runs out, so only the message being sent at the moment of death can go out
   twice.
3. The server's answer decides the rest: 4xx is retried with back-off, 5xx fails that mail at once
   (and marks the person's address bounced); a message that cannot be built fails alone and tells
   staff; a lost connection puts the batch back. One mail never stops its batch.
4. Celery beat runs `outbox_needs_senders` every MAIL_TICK_SECONDS: when mail is due and no sender
   holds a fresh lease, it queues senders, so lost tasks or a flushed Redis only delay mail.
"""

import logging
import smtplib
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.mail import get_connection
from django.db import DatabaseError, connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone, translation
from psycopg import pq

from campaign.languages import site_language
from campaign.mail import rate_limit_wait
from people.models import Person
from people.services import person_record_consent

from .kinds import MailHeld, MailNotWanted, kind_for
from .messages import MailCannotBeBuilt, OutboxMessage
from .models import OutgoingMail
from .signals import mail_queued

logger = logging.getLogger(__name__)

Status = OutgoingMail.Status


# --- Queueing ------------------------------------------------------------------------------------


def outbox_enqueue(
    *,
    kind,
    to_email,
    about_id=None,
    person_id=None,
    language="",
    priority=OutgoingMail.Priority.TRANSACTIONAL,
    content=None,
    due_at=None,
):
    """Write one mail to the outbox; a sender is woken once the transaction commits."""
    mail = OutgoingMail.objects.create(
        kind=kind,
        to_email=to_email,
        about_id=about_id,
        person_id=person_id,
        language=language or "",
        priority=priority,
        content=content,
        due_at=due_at or timezone.now(),
    )
    mail_queued.send(sender=OutgoingMail, count=1)
    return mail


def outbox_enqueue_with(insert_sql, params, *, kind, to_email, language=""):
    """Run `insert_sql` (an INSERT … RETURNING id, which may make no row) and, in the same
    statement, queue a mail of `kind` about the row it made: the row's id, or None.

    One round trip to PostgreSQL, atomic on its own, where a transaction around the two INSERTs
    took four (BEGIN, INSERT, INSERT, COMMIT). The mail row is what `outbox_enqueue` writes, field
    for field; a sender is woken once the statement commits (at once, outside a transaction)."""
    mail = OutgoingMail(
        kind=kind, to_email=to_email, language=language or "", priority=OutgoingMail.Priority.TRANSACTIONAL
    )
    mail.due_at = timezone.now()
    fields = [f for f in OutgoingMail._meta.concrete_fields if not f.primary_key and f.attname != "about_id"]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    values = [f.get_db_prep_save(f.pre_save(mail, add=True), connection) for f in fields]
    placeholders = ", ".join(["%s"] * len(fields))
    # The table and column names are the model's own, `insert_sql` the caller's; every value is a parameter.
    sql = (
        f"WITH made AS ({insert_sql}), "  # noqa: S608  # nosec B608
        f"mail AS (INSERT INTO {OutgoingMail._meta.db_table} ({columns}, about_id) "
        f"SELECT {placeholders}, made.id FROM made) "
        "SELECT id FROM made"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *values])
        row = cursor.fetchone()
    if row is None:
        return None
    mail_queued.send(sender=OutgoingMail, count=1)
    return row[0]


def outbox_enqueue_composed(
    *, to_email, subject, text, html="", from_email="", reply_to=(), headers=None, person_id=None, language=""
):
    """A mail whose content is fixed now (a staff alert, a test): kept in the row as written."""
    content = {
        "subject": subject,
        "text": text,
        "html": html,
        "from_email": from_email,
        "reply_to": list(reply_to),
        "headers": headers or {},
    }
    return outbox_enqueue(kind="composed", to_email=to_email, person_id=person_id, language=language, content=content)


def outbox_enqueue_select(*, kind, about_id, recipients, language_column=None, status=Status.QUEUED, now=None):
    """Queue bulk mail of `kind` about `about_id` to every person of `recipients` (a Person
    queryset), in one INSERT … SELECT so that 100,000 rows never pass through Python. A person
    already queued for the same thing is skipped. Returns how many rows were written."""
    now = now or timezone.now()
    columns = ["id", "email", language_column] if language_column else ["id", "email"]
    people_sql, params = recipients.order_by().values_list(*columns).query.sql_with_params()
    language = "recipient.%s" % connection.ops.quote_name(language_column) if language_column else "''"  # noqa: UP031
    table = OutgoingMail._meta.db_table
    # The table and column names are ours and the SELECT is Django's own SQL; every value is a parameter.
    sql = (
        f"INSERT INTO {table} (kind, about_id, person_id, to_email, language, priority, status, due_at, "  # noqa: S608  # nosec B608
        "attempts, created_at, last_error) "
        f"SELECT %s, %s, recipient.id, recipient.email, {language}, %s, %s, %s, 0, %s, '' "
        f"FROM ({people_sql}) AS recipient WHERE true "
        "ON CONFLICT (kind, about_id, person_id) WHERE priority = 10 AND person_id IS NOT NULL DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [kind, about_id, OutgoingMail.Priority.BULK, status, now, now, *params])
        written = cursor.rowcount
    if written and status == Status.QUEUED:
        mail_queued.send(sender=OutgoingMail, count=written)
    return written


def outbox_hold(*, kind, about_id):
    """Hold what is still waiting (a paused mailing); mail in flight finishes. Returns how many."""
    return (
        OutgoingMail.objects.about(kind, about_id).filter(status__in=OutgoingMail.CLAIMABLE).update(status=Status.HELD)
    )


def outbox_release(*, kind, about_id):
    """Let held mail go again (a resumed mailing). Returns how many."""
    released = OutgoingMail.objects.about(kind, about_id).filter(status=Status.HELD).update(status=Status.QUEUED)
    if released:
        mail_queued.send(sender=OutgoingMail, count=released)
    return released


def outbox_cancel(*, kind, about_id=None, about_ids=None, reason="Cancelled by staff."):
    """Nothing more of this (about `about_id`, or any of `about_ids`) goes out; what was sent stays
    sent. Returns how many were cancelled."""
    mail = OutgoingMail.objects.filter(kind=kind)
    mail = mail.filter(about_id__in=about_ids) if about_ids is not None else mail.filter(about_id=about_id)
    return mail.filter(status__in=[Status.QUEUED, Status.RETRY, Status.HELD]).update(
        status=Status.CANCELLED, last_error=reason
    )


def outbox_reschedule(*, kind, about_ids, due_at):
    """Mail of `kind` about any of `about_ids` that waits to be sent now waits for `due_at` (a
    reminder whose event moved); mail sent, in flight or held is left alone. Returns how many moved."""
    moved = OutgoingMail.objects.filter(kind=kind, about_id__in=about_ids, status__in=OutgoingMail.CLAIMABLE).update(
        status=Status.QUEUED, due_at=due_at
    )
    if moved and due_at <= timezone.now():
        mail_queued.send(sender=OutgoingMail, count=moved)
    return moved


def outbox_counts(*, kind, about_id):
    """{status: count} of the mail about one thing, every status present (0 when none)."""
    counts = dict(OutgoingMail.objects.about(kind, about_id).values_list("status").annotate(n=Count("id")).order_by())
    return {status: counts.get(status, 0) for status in Status.values}


def alert_staff(subject, body, *, recipients=(), once_key=None, once_seconds=3600):
    """Tell staff (ADMIN_EMAILS and `recipients`) something needs them, through the outbox. With
    `once_key`, the same alert is sent at most once per `once_seconds`."""
    if once_key and not cache.add(f"outbox:alert:{once_key}", 1, timeout=once_seconds):
        return 0
    addresses = {address for _, address in settings.ADMINS} | {address for address in recipients if address}
    for address in sorted(addresses):
        outbox_enqueue_composed(
            to_email=address, subject=f"{settings.EMAIL_SUBJECT_PREFIX}{' '.join(subject.split())}", text=body
        )
    return len(addresses)


# --- Sending -------------------------------------------------------------------------------------


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    more_due: bool = False
    connection_failed: bool = False


def outbox_send_due(*, max_seconds=None, batch_size=None):
    """Claim and send batches until nothing is due, the mail server fails, or `max_seconds` have
    passed (then `more_due` says whether a fresh task should carry on)."""
    max_seconds = settings.MAIL_TASK_SECONDS if max_seconds is None else max_seconds
    started = time.monotonic()
    report = SendReport()
    while True:
        token = uuid.uuid4()
        batch = mail_claim(token=token, size=batch_size or settings.MAIL_BATCH_SIZE)
        if not batch:
            return report
        mail_send_batch(batch, token=token, report=report)
        if report.connection_failed:
            return report
        if time.monotonic() - started >= max_seconds:
            report.more_due = mail_due_exists()
            return report


def leases_expire(*, now=None):
    """Take back mail whose sender stopped renewing its lease (a killed worker): queued again, or
    failed once it has been interrupted MAIL_MAX_ATTEMPTS times. Returns how many were taken back."""
    now = now or timezone.now()
    expired = OutgoingMail.objects.filter(status=Status.IN_FLIGHT, lease_expires_at__lt=now)
    expired.filter(attempts__gte=settings.MAIL_MAX_ATTEMPTS).update(
        status=Status.FAILED, claim_token=None, lease_expires_at=None, last_error="Sending was interrupted too often."
    )
    taken_back = expired.update(status=Status.QUEUED, claim_token=None, lease_expires_at=None)
    if taken_back:
        logger.warning("Took back %s mails whose sender stopped working", taken_back)
    return taken_back


def mail_claim(*, token, size, now=None):
    """Claim up to `size` due mails for one sender run, most urgent first."""
    now = now or timezone.now()
    leases_expire(now=now)
    with transaction.atomic():
        ids = list(
            OutgoingMail.objects.select_for_update(skip_locked=True)
            .filter(status__in=OutgoingMail.CLAIMABLE, due_at__lte=now)
            .order_by("priority", "due_at", "id")
            .values_list("id", flat=True)[:size]
        )
        if not ids:
            return []
        OutgoingMail.objects.filter(id__in=ids).update(
            status=Status.IN_FLIGHT,
            claim_token=token,
            lease_expires_at=now + timedelta(seconds=settings.MAIL_LEASE_SECONDS),
            attempts=F("attempts") + 1,
        )
    return list(OutgoingMail.objects.filter(id__in=ids).order_by("priority", "due_at", "id"))


def mail_due_exists(now=None):
    now = now or timezone.now()
    return OutgoingMail.objects.filter(status__in=OutgoingMail.CLAIMABLE, due_at__lte=now).exists()


def outbox_needs_senders(*, now=None):
    """True when mail is due (or stranded by a dead sender) and no sender is at work: nobody has
    renewed a lease for a third of its length."""
    now = now or timezone.now()
    fresh = now + timedelta(seconds=settings.MAIL_LEASE_SECONDS * 2 / 3)
    working = OutgoingMail.objects.filter(status=Status.IN_FLIGHT, lease_expires_at__gte=fresh).exists()
    if working:
        return False
    stranded = OutgoingMail.objects.filter(status=Status.IN_FLIGHT, lease_expires_at__lt=now).exists()
    return stranded or mail_due_exists(now)


# One mail's "sent" mark, written by Batch.mark_sent: only while the mail is still this run's. Its
# commit waits for the disk or not as MAIL_SENT_SYNCHRONOUS_COMMIT says (PostgreSQL's own
# synchronous_commit, for this statement only): see that setting.
MARK_SENT_SQL = (
    "WITH durability AS (SELECT set_config('synchronous_commit', $4, true)) "  # noqa: S608  # nosec B608
    f"UPDATE {OutgoingMail._meta.db_table} SET status = '{Status.SENT}', sent_at = $3::timestamptz, "
    "claim_token = NULL, lease_expires_at = NULL, last_error = '' "
    f"WHERE id = $1::bigint AND claim_token = $2::uuid AND status = '{Status.IN_FLIGHT}' "
    "AND EXISTS (SELECT FROM durability)"
).encode()


class Batch:
    """One claimed batch: its rows, what each kind prepared for them, and its claim token."""

    def __init__(self, mails, token):
        self.token = token
        self.mails = mails
        self.mine = OutgoingMail.objects.filter(claim_token=token, status=Status.IN_FLIGHT)
        self.prepared = {}
        self.last_renewal = time.monotonic()
        self.unanswered = False  # a "sent" mark written but its answer not yet read (see mark_sent)

    def prepare(self):
        by_kind = {}
        for mail in self.mails:
            by_kind.setdefault(mail.kind, []).append(mail)
        for name, mails in by_kind.items():
            try:
                self.prepared[name] = kind_for(name).prepare(mails)
            except MailNotWanted:
                self.prepared[name] = None
        return by_kind

    def renew_lease_if_due(self):
        """Renew the lease of what this run still holds; returns the ids still ours."""
        if time.monotonic() - self.last_renewal < settings.MAIL_LEASE_SECONDS / 3:
            return None
        self.settle()
        self.mine.update(lease_expires_at=timezone.now() + timedelta(seconds=settings.MAIL_LEASE_SECONDS))
        self.last_renewal = time.monotonic()
        return set(self.mine.values_list("id", flat=True))

    def finish(self, mail, **changes):
        """Write a mail's outcome, only while it is still ours (a sweeper may have taken it back)."""
        self.settle()
        return self.mine.filter(pk=mail.pk).update(claim_token=None, lease_expires_at=None, **changes)

    def mark_sent(self, mail):
        """Mark `mail` SENT the moment the server accepted it, without waiting for the database's
        answer: the UPDATE (its own statement, committed on its own outside a transaction) is on its
        way to PostgreSQL while the next message goes to the mail server, and its answer is read
        before anything else uses the connection. So a sender killed now loses at most the mark of
        the mail it was sending, as before, and a database error still stops the batch (the mail
        goes out again once the lease runs out, like any mail in flight)."""
        self.settle()
        connection.ensure_connection()
        pgconn = connection.connection.pgconn
        pgconn.send_query_params(
            MARK_SENT_SQL,
            [
                str(mail.pk).encode(),
                str(self.token).encode(),
                timezone.now().isoformat().encode(),
                settings.MAIL_SENT_SYNCHRONOUS_COMMIT.encode(),
            ],
        )
        self.unanswered = True

    def settle(self):
        """Read the answer to the last "sent" mark; raise if the database refused it."""
        if not self.unanswered:
            return
        self.unanswered = False
        pgconn = connection.connection.pgconn
        error = None
        while (result := pgconn.get_result()) is not None:
            if result.status != pq.ExecStatus.COMMAND_OK:
                error = result.error_message.decode(errors="replace")
        if error:
            raise DatabaseError(f"Could not mark a mail sent: {error}")


def mail_send_batch(mails, *, token, report=None):
    """Send one claimed batch over one SMTP connection. Returns the SendReport it added to."""
    report = report or SendReport()
    batch = Batch(mails, token)
    by_kind = batch.prepare()
    smtp = get_connection()
    try:
        smtp.open()  # one connection for the whole batch
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("Cannot reach the mail server: %s", error)
        mail_put_back(batch, mails, error=f"Could not reach the mail server: {error}")
        report.connection_failed = True
        return report
    try:
        for index, mail in enumerate(mails):
            still_mine = batch.renew_lease_if_due()
            if still_mine is not None and mail.pk not in still_mine:
                continue
            message = mail_build(batch, mail)
            if message is None:
                continue
            rate_limit_wait()
            try:
                if isinstance(message, OutboxMessage):
                    message.send_over(smtp)  # a prepared message goes straight to the server
                else:
                    smtp.send_messages([message])
            except smtplib.SMTPRecipientsRefused as error:
                permanent = all(code >= 500 for code, _ in error.recipients.values())
                mail_record_failure(batch, mail, error, permanent=permanent, bounced=permanent, report=report)
            except smtplib.SMTPResponseException as error:
                mail_record_failure(batch, mail, error, permanent=500 <= error.smtp_code < 600, report=report)
            except (smtplib.SMTPException, OSError) as error:
                # The connection broke: this mail is retried, the rest of the batch goes back.
                mail_record_failure(batch, mail, error, permanent=False, report=report)
                mail_put_back(batch, mails[index + 1 :], error=str(error))
                report.connection_failed = True
                return report
            except Exception as error:  # noqa: BLE001 (the backend refused this message only)
                mail_cannot_be_built(batch, mail, error, report=report)
            else:
                batch.mark_sent(mail)
                report.sent += 1
    finally:
        try:
            batch.settle()
        finally:
            smtp.close()
        for name, kind_mails in by_kind.items():
            try:
                kind_for(name).after_batch(kind_mails, batch.prepared.get(name))
            except MailNotWanted:
                pass
    return report


def mail_build(batch, mail):
    """The message for `mail`, or None when it was cancelled, held or failed instead.

    Every kind is built in the recipient's language (the row's `language`, else the site's): its
    words, the content staff wrote in that language, and its links (/fa/… for Persian)."""
    try:
        kind = kind_for(mail.kind)
        if not kind.builds_without_queries:
            batch.settle()
        with translation.override(site_language(mail.language)):
            return kind.build(mail, batch.prepared.get(mail.kind))
    except MailNotWanted as reason:
        batch.finish(mail, status=Status.CANCELLED, last_error=str(reason)[:1000])
    except MailHeld:
        batch.finish(mail, status=Status.HELD, attempts=F("attempts") - 1)
    except Exception as error:  # noqa: BLE001 (one mail that cannot be built must not stop its batch)
        mail_cannot_be_built(batch, mail, error)
    return None


def mail_cannot_be_built(batch, mail, error, report=None):
    reason = str(error) if isinstance(error, MailCannotBeBuilt) else f"{type(error).__name__}: {error}"
    logger.error("Outgoing mail %s (%s) cannot be built: %s", mail.pk, mail.kind, reason)
    batch.finish(mail, status=Status.FAILED, last_error=f"Could not be built: {reason}"[:1000])
    if report:
        report.failed += 1
    if mail.kind != "composed":  # an alert about an alert that cannot be built would never end
        alert_staff(
            f"Mail could not be built ({mail.kind})",
            f"A {mail.kind} mail (outbox #{mail.pk}) could not be built and was not sent:\n\n{reason}\n\n"
            "Others like it may fail the same way until what it is made of is corrected. See the outbox in "
            f"the admin: {settings.SITE_URL}/admin/outbox/outgoingmail/?status__exact=failed",
            once_key=f"build:{mail.kind}:{mail.about_id}",
        )


def mail_record_failure(batch, mail, error, *, permanent, report, bounced=False):
    """A refusal: permanent (5xx) fails the mail, and when the server refused the address itself
    (`bounced`) the person's address is marked bounced; temporary is retried with doubling
    back-off until MAIL_MAX_ATTEMPTS."""
    if permanent or mail.attempts >= settings.MAIL_MAX_ATTEMPTS:  # `attempts` counts this one
        batch.finish(mail, status=Status.FAILED, bounced=bounced, last_error=str(error)[:1000])
        report.failed += 1
        if bounced and mail.person_id:
            person = Person.objects.filter(pk=mail.person_id).first()
            if person and person.email and person.email.lower() == mail.to_email.lower():
                person_record_consent(
                    person, status=Person.EmailConsent.BOUNCED, source=f"Refused by the mail server ({mail.kind})"
                )
        return
    backoff = settings.MAIL_RETRY_SECONDS * 2 ** (mail.attempts - 1)
    batch.finish(
        mail, status=Status.RETRY, due_at=timezone.now() + timedelta(seconds=backoff), last_error=str(error)[:1000]
    )


def mail_put_back(batch, mails, *, error):
    """The server could not be reached: these mails wait a little and go again, their attempt not counted."""
    batch.settle()
    batch.mine.filter(pk__in=[mail.pk for mail in mails]).update(
        status=Status.QUEUED,
        claim_token=None,
        lease_expires_at=None,
        attempts=F("attempts") - 1,
        due_at=timezone.now() + timedelta(seconds=settings.MAIL_RETRY_SECONDS),
        last_error=error[:1000],
    )


# --- Housekeeping --------------------------------------------------------------------------------


def outbox_purge(*, now=None):
    """Delete finished transactional mail (confirmations, alerts, tests) older than MAIL_KEEP_DAYS:
    the rows name addresses, and nothing needs them once sent. Bulk mail stays as each mailing's
    per-recipient log. Returns how many rows were deleted."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.MAIL_KEEP_DAYS)
    finished = [Status.SENT, Status.FAILED, Status.CANCELLED]
    deleted, _ = OutgoingMail.objects.filter(
        Q(priority=OutgoingMail.Priority.TRANSACTIONAL), status__in=finished, created_at__lt=cutoff
    ).delete()
    return deleted
