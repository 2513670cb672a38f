"""Signing and confirming: the rules that make a petition's count worth trusting."""

import logging
import random

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

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
    """Record a signature, or re-send the confirmation mail of one still pending.

    Whatever happens, the caller shows the same page, so that no one learns whether an address has
    signed. Returns the signature (new or existing). The confirmation mail is queued only after the
    transaction commits, and at most SIGNATURE_CONFIRMATION_MAILS times per signature.
    """
    now = timezone.now()
    with transaction.atomic():
        signature, created = Signature.objects.get_or_create(
            petition=petition,
            email_normalised=normalise_email(email),
            defaults={
                "name": name,
                "email": email.strip(),
                "country": country,
                "postcode": postcode,
                "wants_email": wants_email,
                "consent_wording": CONSENT_WORDING if wants_email else "",
                "ip_address": ip_address,
                "created_at": now,
                "confirmation_mails_sent": 1,
                "last_confirmation_mail_at": now,
            },
        )
        if created:
            queue_mail = True
        else:
            # A conditional update, so that concurrent re-sends cannot pass the limit together.
            queue_mail = (
                Signature.objects.filter(
                    pk=signature.pk,
                    status=Signature.Status.PENDING,
                    confirmation_mails_sent__lt=settings.SIGNATURE_CONFIRMATION_MAILS,
                ).update(confirmation_mails_sent=F("confirmation_mails_sent") + 1, last_confirmation_mail_at=now)
                == 1
            )
        if queue_mail:
            from .tasks import send_signature_confirmation

            transaction.on_commit(lambda: send_signature_confirmation.delay(signature.pk))
    return signature


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
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (petition_id, country, shard, count, updated_at)
            VALUES (%s, %s, %s, %s, %s)
            ON CONFLICT (petition_id, country, shard)
            DO UPDATE SET count = {table}.count + EXCLUDED.count, updated_at = EXCLUDED.updated_at
            """,  # noqa: S608 (the table name is ours, every value is a parameter)
            [petition_id, str(country), random.randrange(SignatureCount.SHARDS), delta, timezone.now()],
        )


def signature_set_status(signature, status):
    """Move a signature between statuses, keeping the counts in step (only VALIDATED counts)."""
    with transaction.atomic():
        current = Signature.objects.select_for_update().get(pk=signature.pk)
        if current.status == status:
            return current
        was_counted = current.status == Signature.Status.VALIDATED
        now_counted = status == Signature.Status.VALIDATED
        changes = {"status": status}
        if now_counted and current.confirmed_at is None:
            changes["confirmed_at"] = timezone.now()
        Signature.objects.filter(pk=current.pk).update(**changes)
        if was_counted != now_counted:
            signature_count_add(current.petition_id, current.country, 1 if now_counted else -1)
        current.refresh_from_db()
        return current


def signature_send_confirmation(signature_id):
    """Send the confirmation mail of a pending signature. Does nothing once it is confirmed."""
    signature = (
        Signature.objects.select_related("petition__campaign__organisation")
        .filter(pk=signature_id, status=Signature.Status.PENDING)
        .first()
    )
    if signature is None:
        return False
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
    )
    message.attach_alternative(render_to_string("petitions/email/confirm.html", context), "text/html")
    message.send()
    logger.info("Sent confirmation mail for signature %s", signature.pk)
    return True
