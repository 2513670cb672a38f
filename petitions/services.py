"""Signing and confirming: the rules that make a petition's count worth trusting."""

import hashlib
import logging
import random
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import CharField, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from campaign.counters import increment
from campaign.languages import site_language
from outbox.models import OutgoingMail
from outbox.services import outbox_enqueue, outbox_enqueue_select, outbox_enqueue_with
from people.data_rights import ERASED_NAME
from people.models import Person
from people.services import person_record_consent

from .email_addresses import normalise_email
from .models import Milestone, Signature, SignatureCount

# The outbox kinds of the mail that asks a signer to confirm, and of the mail that tells a confirmed
# signer who signs again that they had signed already (both built in petitions/mail.py).
CONFIRMATION_MAIL = "signature_confirmation"
ALREADY_SIGNED_MAIL = "signature_already_signed"
SIGNATURE_MAILS = (CONFIRMATION_MAIL, ALREADY_SIGNED_MAIL)
# The outbox kind of the mail that tells signers a petition passed a milestone (petitions/mail.py).
MILESTONE_MAIL = "petition_milestone"

logger = logging.getLogger(__name__)

# What a signer agrees to by ticking the box. Marked here, translated where it is shown (the form's
# label) and when it is stored (signature_submit): each signature keeps the words its signer read.
CONSENT_WORDING = gettext_noop(
    "Yes, email me about this campaign: new petitions, events and what comes of them. "
    "I can unsubscribe at any time with one click."
)


def signature_submit(
    *,
    petition,
    name,
    email,
    country,
    postcode="",
    wants_email=False,
    name_may_be_delivered=False,
    ip_address=None,
    language=None,
):
    """Record a signature, or answer a second signing with the same address by mail.

    Whatever happens, the caller shows the same page, so that no one learns whether an address has
    signed; only the mailbox's owner learns it, by the mail. A new signature gets the mail asking to
    confirm it; signing again while it is pending sends that mail again; signing again once it is
    confirmed sends a mail saying so (the page cannot say it). Returns the signature's id.

    The signature and its mail are written in one transaction (the mail to the outbox), at most
    SIGNATURE_CONFIRMATION_MAILS mails per signature, whichever kind, and at most
    SIGNATURE_CONFIRMATION_MAILS_PER_MAILBOX a day to one mailbox. `language` is the language of the
    page they signed on (the site's default when not given): a new signature keeps it, and the mail
    is written in it.
    """
    now = timezone.now()
    language = site_language(language or settings.LANGUAGE_CODE)
    row = Signature(
        petition=petition,
        name=name,
        email=email.strip(),
        email_normalised=normalise_email(email),
        country=country,
        postcode=postcode,
        language=language,
        wants_email=wants_email,
        name_may_be_delivered=name_may_be_delivered,
        # In the language of the page the signer signed on: the words they were shown.
        consent_wording=gettext(CONSENT_WORDING) if wants_email else "",
        ip_address=ip_address,
        created_at=now,
        confirmation_mails_sent=1,
        last_confirmation_mail_at=now,
    )
    # Most signers are new: their mailbox is counted first, then the signature and its mail are
    # written in one statement (two round trips in all, where a transaction took five).
    if mailbox_may_receive(row.email):
        sql, params = insert_unless_signed_sql(row)
        signature_id = outbox_enqueue_with(sql, params, kind=CONFIRMATION_MAIL, to_email=row.email, language=language)
    else:
        signature_id = insert_unless_signed(row)
        if signature_id is not None:
            logger.warning(
                "Mail (%s) for signature %s not sent: its mailbox had its share today", CONFIRMATION_MAIL, signature_id
            )
    if signature_id is not None:
        return signature_id
    mailbox_uncount(row.email)  # no mail went with a signature that was there already
    with transaction.atomic():
        signature = (
            Signature.objects.filter(petition=petition, email_normalised=row.email_normalised)
            .values("pk", "email", "status")
            .first()
        )
        kind = {
            Signature.Status.PENDING: CONFIRMATION_MAIL,
            Signature.Status.VALIDATED: ALREADY_SIGNED_MAIL,
        }.get(signature["status"])
        # A conditional update, so concurrent re-sends cannot pass the limit together, and the
        # status is still the one the kind was chosen for.
        allowed = kind is not None and Signature.objects.filter(
            pk=signature["pk"],
            status=signature["status"],
            confirmation_mails_sent__lt=settings.SIGNATURE_CONFIRMATION_MAILS,
        ).update(confirmation_mails_sent=F("confirmation_mails_sent") + 1, last_confirmation_mail_at=now)
        if allowed:
            # In the language of the page they signed on this time, to the address that signed first.
            signature_mail_queue(kind=kind, signature_id=signature["pk"], email=signature["email"], language=language)
    return signature["pk"]


def signature_mail_queue(*, kind, signature_id, email, language=""):
    """Queue a mail about a signature, unless the mailbox had its share today: `name+1@`, `name+2@`…
    are different signers to us but one inbox to its owner, who must not be flooded from our address."""
    if not mailbox_may_receive(email):
        logger.warning("Mail (%s) for signature %s not sent: its mailbox had its share today", kind, signature_id)
        return None
    return outbox_enqueue(kind=kind, about_id=signature_id, to_email=email, language=language)


def mailbox_key(email):
    local, _, domain = email.strip().lower().rpartition("@")
    mailbox = f"{local.split('+', 1)[0]}@{domain}"
    return "petitions:mailbox:" + hashlib.sha256(mailbox.encode()).hexdigest()[:32]


def mailbox_may_receive(email):
    """Count a mail to `email`'s mailbox: at most SIGNATURE_CONFIRMATION_MAILS_PER_MAILBOX
    signature mails a day to one mailbox, whatever +tag or petition (counted in Redis, in one
    round trip; without it, no limit)."""
    counts = increment({mailbox_key(email): 24 * 3600})
    return counts is None or counts[0] <= settings.SIGNATURE_CONFIRMATION_MAILS_PER_MAILBOX


def mailbox_uncount(email):
    """Take back a mail counted by mailbox_may_receive that was not sent after all."""
    increment({mailbox_key(email): 24 * 3600}, by=-1)


def insert_unless_signed(signature):
    """INSERT … ON CONFLICT DO NOTHING: one round trip, and no error when the address signed already.
    Returns the new row's id, or None."""
    sql, values = insert_unless_signed_sql(signature)
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    return row[0] if row else None


def insert_unless_signed_sql(signature):
    """The INSERT … ON CONFLICT DO NOTHING RETURNING id of `signature`, and its parameters."""
    fields = [f for f in Signature._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    values = [f.get_db_prep_save(f.pre_save(signature, add=True), connection) for f in fields]
    placeholders = ", ".join(["%s"] * len(fields))
    # Table and column names are the model's own; every value is a parameter.
    sql = f"INSERT INTO {Signature._meta.db_table} ({columns}) VALUES ({placeholders}) "  # noqa: S608  # nosec B608
    sql += "ON CONFLICT (petition_id, email_normalised) DO NOTHING RETURNING id"
    return sql, values


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
                language=signature.language,
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


def signatures_purge_unconfirmed(*, now=None):
    """Delete signatures never confirmed within UNCONFIRMED_SIGNATURE_DAYS. Returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.UNCONFIRMED_SIGNATURE_DAYS)
    deleted, _ = Signature.objects.filter(status=Signature.Status.PENDING, created_at__lt=cutoff).delete()
    return deleted


def signatures_anonymise_closed_petitions(*, now=None):
    """Anonymise the signatures of petitions closed more than CLOSED_PETITION_KEEP_DAYS ago; their
    counts stay. Returns how many signatures changed."""
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
    return Signature.objects.filter(pk__in=ids).update(**changes)


def signatures_anonymise(signatures, chunk_size=5000):
    """Remove the personal fields of `signatures`, keeping status and country so counts still hold.
    Works in chunks of ids, one UPDATE each. Returns how many rows changed."""
    erased_address = Concat(Value("erased-"), Cast("id", CharField()), Value("@invalid"))
    ids = list(signatures.exclude(name=ERASED_NAME).values_list("pk", flat=True))
    count = 0
    for start in range(0, len(ids), chunk_size):
        chunk = ids[start : start + chunk_size]
        count += Signature.objects.filter(pk__in=chunk).update(
            person=None,
            name=ERASED_NAME,
            email=erased_address,
            email_normalised=erased_address,
            postcode="",
            ip_address=None,
            consent_wording="",
        )
        # Their mails name the address too.
        OutgoingMail.objects.filter(kind__in=SIGNATURE_MAILS, about_id__in=chunk).delete()
    return count


def milestone_recipients(milestone):
    """Who hears that a petition passed a milestone: people whose signature on it is validated,
    who ticked "email me about this campaign" when signing, and who have not unsubscribed or
    bounced since (their consent now is SUBSCRIBED)."""
    return Person.objects.filter(
        signatures__petition_id=milestone.petition_id,
        signatures__status=Signature.Status.VALIDATED,
        signatures__wants_email=True,
        email_consent=Person.EmailConsent.SUBSCRIBED,
        email__isnull=False,
    ).exclude(email="")


def milestones_mark_reached(*, now=None):
    """Mark reached every milestone whose petition's count has passed it, and queue its mail to
    the signers who agreed to updates. Run by beat; safe to run any number of times at once.

    Each milestone is claimed by a conditional update (reached_at IS NULL → now) in the
    transaction that queues its mail, so it is marked, and its mail queued, exactly once; the
    outbox's "once per person per thing" rule would stop a second queueing anyway. Returns the
    ids of the milestones this call marked."""
    now = now or timezone.now()
    total = (
        SignatureCount.objects.filter(petition=OuterRef("petition"))
        .values("petition")
        .annotate(total=Sum("count"))
        .values("total")
    )
    due = list(
        Milestone.objects.filter(reached_at__isnull=True)
        .annotate(count=Subquery(total))
        .filter(count__gte=F("signatures"))
        .values_list("pk", "petition_id", "signatures")
    )
    # Milestones a petition passed together (staff added them below its count, or a surge passed two
    # between ticks) are all marked, but signers hear only of the highest: one mail, not a burst.
    highest = {}
    for milestone_id, petition_id, signatures in due:
        if signatures >= highest.get(petition_id, (0, -1))[1]:
            highest[petition_id] = (milestone_id, signatures)
    marked = []
    for milestone_id, petition_id, _signatures in due:
        with transaction.atomic():
            if not Milestone.objects.filter(pk=milestone_id, reached_at__isnull=True).update(reached_at=now):
                continue  # another run marked it first
            milestone = Milestone.objects.get(pk=milestone_id)
            queued = 0
            if highest[petition_id][0] == milestone_id:
                queued = outbox_enqueue_select(
                    kind=MILESTONE_MAIL,
                    about_id=milestone_id,
                    recipients=milestone_recipients(milestone),
                    language_column="language",
                    now=now,
                )
        logger.info(
            "Petition %s passed %s signatures: %s mails queued", milestone.petition_id, milestone.signatures, queued
        )
        marked.append(milestone_id)
    return marked
