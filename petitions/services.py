"""Signing and confirming: the rules that make a petition's count worth trusting."""

import logging
import random
import smtplib
import time
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from campaign.mail import rate_limit_wait
from people.models import Person
from people.services import person_record_consent

from .email_addresses import normalise_email
from .models import Signature, SignatureCount
from .tokens import make_confirmation_token

logger = logging.getLogger(__name__)

CONSENT_WORDING = (
    "Yes, email me about this campaign: new petitions, events and what comes of them. "
    "I can unsubscribe at any time with one click."
)


def signature_submit(*, petition, name, email, country, postcode="", wants_email=False, ip_address=None):
    """Record a signature, or ask for the confirmation mail of one still pending to be sent again.

    Whatever happens, the caller shows the same page, so that no one learns whether an address has
    signed. Returns the signature's id. Nothing is queued in Redis: the row says a mail is due
    (`confirmation_due_at`), at most SIGNATURE_CONFIRMATION_MAILS times per signature, and
    `send_due_confirmations` sends it, woken at once or by the next beat tick.
    """
    now = timezone.now()
    row = Signature(
        petition=petition,
        name=name,
        email=email.strip(),
        email_normalised=normalise_email(email),
        country=country,
        postcode=postcode,
        wants_email=wants_email,
        consent_wording=CONSENT_WORDING if wants_email else "",
        ip_address=ip_address,
        created_at=now,
        confirmation_mails_sent=1,
        last_confirmation_mail_at=now,
        confirmation_due_at=now,
    )
    signature_id = insert_unless_signed(row)
    if signature_id is None:
        # Already signed. A conditional update, so concurrent re-sends cannot pass the limit together.
        signature_id = (
            Signature.objects.filter(petition=petition, email_normalised=row.email_normalised)
            .values_list("pk", flat=True)
            .first()
        )
        Signature.objects.filter(
            pk=signature_id,
            status=Signature.Status.PENDING,
            confirmation_mails_sent__lt=settings.SIGNATURE_CONFIRMATION_MAILS,
        ).update(
            confirmation_mails_sent=F("confirmation_mails_sent") + 1,
            last_confirmation_mail_at=now,
            confirmation_due_at=now,
        )
    transaction.on_commit(wake_confirmation_sender)
    return signature_id


def insert_unless_signed(signature):
    """INSERT … ON CONFLICT DO NOTHING: one round trip, and no error when the address signed already.
    Returns the new row's id, or None."""
    fields = [f for f in Signature._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    values = [f.get_db_prep_save(f.pre_save(signature, add=True), connection) for f in fields]
    placeholders = ", ".join(["%s"] * len(fields))
    # Table and column names are the model's own; every value is a parameter.
    sql = f"INSERT INTO {Signature._meta.db_table} ({columns}) VALUES ({placeholders}) "  # noqa: S608  # nosec B608
    sql += "ON CONFLICT (petition_id, email_normalised) DO NOTHING RETURNING id"
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    return row[0] if row else None


def wake_confirmation_sender():
    """Ask a worker to send due confirmation mails, at most once a second however many sign: the
    rows, not the tasks, say what is due, and the beat tick catches anything a wake-up missed."""
    from .tasks import send_confirmation_mails

    try:
        if cache.add("petitions:confirmations:wake", 1, timeout=1):
            send_confirmation_mails.delay()
    except Exception:  # noqa: BLE001 (a broker or cache outage must not lose the signer's page)
        logger.warning("Could not wake the confirmation sender; the beat tick will send the mail", exc_info=True)


def signature_confirm(signature_id):
    """Validate a pending signature: count it, link it to its person, record consent.

    Returns (signature, True) when this call confirmed it, (signature, False) when it already was
    confirmed or is not pending (a second click, a replayed link), or (None, False) when it is gone.
    """
    now = timezone.now()
    with transaction.atomic():
        confirmed = Signature.objects.filter(pk=signature_id, status=Signature.Status.PENDING).update(
            status=Signature.Status.VALIDATED, confirmed_at=now
        )
        signature = Signature.objects.select_related("petition").filter(pk=signature_id).first()
        if not confirmed or signature is None:
            return signature, False
        signature_count_add(signature.petition_id, signature.country, 1)
        signature.person = person_for_signature(signature)
        signature.save(update_fields=["person"])
        if signature.wants_email:
            person_record_consent(
                signature.person,
                status=Person.EmailConsent.SUBSCRIBED,
                source=f"Petition: {signature.petition.title}",
                wording=signature.consent_wording,
                changed_at=now,
            )
    return signature, True


def person_for_signature(signature):
    """The person with the signer's address, created from the signature when there is none."""
    email = signature.email.strip().lower()
    person = Person.objects.filter(email=email).first()
    if person:
        return person
    given_name, _, family_name = signature.name.strip().rpartition(" ")
    try:
        with transaction.atomic():
            return Person.objects.create(
                email=email,
                given_name=given_name,
                family_name=family_name or signature.name.strip(),
                country=signature.country,
                postcode=signature.postcode,
            )
    except IntegrityError:
        # The same person confirmed another petition at the same moment.
        return Person.objects.get(email=email)


def signature_count_add(petition_id, country, delta):
    """Add `delta` to a random shard of the petition's count for `country`."""
    table = SignatureCount._meta.db_table
    # The table name is ours; every value is a parameter.
    sql = (
        f"INSERT INTO {table} (petition_id, country, shard, count, updated_at) VALUES (%s, %s, %s, %s, %s) "  # noqa: S608  # nosec B608
        f"ON CONFLICT (petition_id, country, shard) "
        f"DO UPDATE SET count = {table}.count + EXCLUDED.count, updated_at = EXCLUDED.updated_at"
    )
    shard = random.randrange(SignatureCount.SHARDS)  # nosec B311 (spreads writes; nothing secret)
    with connection.cursor() as cursor:
        cursor.execute(sql, [petition_id, str(country), shard, delta, timezone.now()])


def send_due_confirmations(*, batch_size=100, max_seconds=30):
    """Send the confirmation mails that are due, in batches over one SMTP connection each.

    Each claimed signature gets a lease (its due time moves SIGNATURE_MAIL_LEASE_SECONDS ahead) and
    is cleared as soon as its message is accepted, so a worker that dies mid-batch leaves the rest
    to be sent when the lease runs out, and only the message in flight can arrive twice. Returns
    the number of mails sent.
    """
    started = time.monotonic()
    sent = 0
    while time.monotonic() - started < max_seconds:
        batch = claim_due_confirmations(batch_size)
        if not batch:
            break
        smtp = get_connection()
        try:
            smtp.open()
            for signature in batch:
                rate_limit_wait()
                smtp.send_messages([confirmation_message(signature, connection=smtp)])
                Signature.objects.filter(pk=signature.pk).update(confirmation_due_at=None)
                sent += 1
        except (smtplib.SMTPException, OSError):
            logger.warning(
                "Confirmation mails: the mail server failed; the leases will expire and retry", exc_info=True
            )
            break
        finally:
            smtp.close()
    return sent


def claim_due_confirmations(batch_size):
    now = timezone.now()
    lease = now + timedelta(seconds=settings.SIGNATURE_MAIL_LEASE_SECONDS)
    with transaction.atomic():
        ids = list(
            Signature.objects.select_for_update(skip_locked=True)
            .filter(confirmation_due_at__lte=now)
            .order_by("confirmation_due_at")
            .values_list("pk", flat=True)[:batch_size]
        )
        Signature.objects.filter(pk__in=ids).update(confirmation_due_at=lease)
    batch = Signature.objects.filter(pk__in=ids).select_related("petition__campaign__organisation")
    pending = [s for s in batch if s.status == Signature.Status.PENDING]
    # Confirmed (or invalidated) in the meantime: no mail.
    Signature.objects.filter(pk__in=[s.pk for s in batch if s not in pending]).update(confirmation_due_at=None)
    return pending


def confirmation_message(signature, connection=None):
    link = settings.SITE_URL + reverse("petitions:confirm", args=[make_confirmation_token(signature)])
    context = {
        "signature": signature,
        "petition": signature.petition,
        "confirm_url": link,
        "valid_days": settings.SIGNATURE_CONFIRMATION_MAX_AGE // 86400,
        "organisation_name": signature.petition.campaign.organisation.name,
    }
    message = EmailMultiAlternatives(
        subject=f"Please confirm your signature: {signature.petition.title}",
        body=render_to_string("petitions/email/confirm.txt", context),
        to=[signature.email],
        connection=connection,
    )
    message.attach_alternative(render_to_string("petitions/email/confirm.html", context), "text/html")
    return message


def signatures_purge_unconfirmed(*, now=None):
    """Delete signatures never confirmed within UNCONFIRMED_SIGNATURE_DAYS. Returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.UNCONFIRMED_SIGNATURE_DAYS)
    deleted, _ = Signature.objects.filter(status=Signature.Status.PENDING, created_at__lt=cutoff).delete()
    return deleted


def signatures_anonymise_closed_petitions(*, now=None):
    """Anonymise the signatures of petitions closed more than CLOSED_PETITION_KEEP_DAYS ago; their
    counts stay. Returns how many signatures changed."""
    from people.data_rights import signatures_anonymise

    cutoff = (now or timezone.now()) - timedelta(days=settings.CLOSED_PETITION_KEEP_DAYS)
    return signatures_anonymise(Signature.objects.filter(petition__closes_at__lt=cutoff))


def signatures_matching(*, petition=None, ip_address=None, email_domain=None, signed_from=None, signed_until=None):
    """The signatures a bulk invalidation would touch: every condition given must hold."""
    signatures = Signature.objects.exclude(status__in=[Signature.Status.INVALIDATED, Signature.Status.FRAUDULENT])
    if petition:
        signatures = signatures.filter(petition=petition)
    if ip_address:
        signatures = signatures.filter(ip_address=ip_address)
    if email_domain:
        signatures = signatures.filter(email_normalised__endswith="@" + email_domain.lower().lstrip("@"))
    if signed_from:
        signatures = signatures.filter(created_at__gte=signed_from)
    if signed_until:
        signatures = signatures.filter(created_at__lt=signed_until)
    return signatures


@transaction.atomic
def signatures_set_status(signatures, status):
    """Move `signatures` to `status` in bulk, keeping the counts in step: only VALIDATED counts, so
    each row that starts or stops being validated adds or takes one off its petition's count for
    its country. Returns how many rows changed."""
    counted = status == Signature.Status.VALIDATED
    rows = signatures.exclude(status=status).select_for_update().values_list("pk", "petition_id", "country", "status")
    ids, deltas = [], Counter()
    for pk, petition_id, country, current in rows:
        ids.append(pk)
        if (current == Signature.Status.VALIDATED) != counted:
            deltas[(petition_id, country)] += 1 if counted else -1
    for (petition_id, country), delta in deltas.items():
        signature_count_add(petition_id, country, delta)
    changes = {"status": status}
    if counted:
        changes["confirmed_at"] = Coalesce("confirmed_at", Value(timezone.now()))
    else:
        changes["confirmation_due_at"] = None  # no confirmation mail for a signature taken off
    return Signature.objects.filter(pk__in=ids).update(**changes)
