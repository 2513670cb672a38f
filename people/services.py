"""Operations on people that touch several rows."""

from django.db import transaction
from django.utils import timezone

from .models import ConsentChange, Person


def person_record_consent(person, *, status, source, wording="", changed_at=None):
    """Set a person's email consent and keep a record of the change, in one transaction.

    Returns the ConsentChange written, or None when the status was already `status` (a repeated
    unsubscribe click writes nothing).
    """
    changed_at = changed_at or timezone.now()
    with transaction.atomic():
        current = Person.objects.select_for_update().only("email_consent").get(pk=person.pk)
        if current.email_consent == status:
            return None
        Person.objects.filter(pk=person.pk).update(email_consent=status, email_consent_changed_at=changed_at)
        person.email_consent, person.email_consent_changed_at = status, changed_at
        return ConsentChange.objects.create(
            person=person, status=status, changed_at=changed_at, source=source, wording=wording
        )
