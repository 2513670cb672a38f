"""Operations on people that touch several rows."""

from django.db import transaction
from django.utils import timezone

from .models import ConsentChange, Person


def person_record_consent(person, *, status, source, wording="", changed_at=None, recorded_by=None, always=False):
    """Set a person's email consent and keep a record of the change, in one transaction.

    Returns the ConsentChange written, or None when the status was already `status` (a repeated
    unsubscribe click writes nothing) — unless `always`: a consent staff record from a letter or a
    call is evidence, kept even when it confirms what was already so.
    """
    changed_at = changed_at or timezone.now()
    with transaction.atomic():
        current = Person.objects.select_for_update().only("email_consent").get(pk=person.pk)
        if current.email_consent == status and not always:
            return None
        Person.objects.filter(pk=person.pk).update(email_consent=status, email_consent_changed_at=changed_at)
        person.email_consent, person.email_consent_changed_at = status, changed_at
        return ConsentChange.objects.create(
            person=person,
            status=status,
            changed_at=changed_at,
            source=source,
            wording=wording,
            recorded_by=recorded_by,
        )


def person_address_changed(person, *, previous_email, recorded_by=None):
    """A new address clears a bounce: the person is back to the consent they had before it (their
    consent was to mail, not to one dead mailbox). Returns the ConsentChange written, or None."""
    if person.email_consent != Person.EmailConsent.BOUNCED or (person.email or "") == (previous_email or ""):
        return None
    before = person.consent_changes.exclude(status=Person.EmailConsent.BOUNCED).order_by("-changed_at", "-id").first()
    return person_record_consent(
        person,
        status=before.status if before else Person.EmailConsent.UNKNOWN,
        source="Address changed: the bounce is cleared",
        wording=before.wording if before else "",
        recorded_by=recorded_by,
    )
