"""Operations on people that touch several rows."""

from django.db import IntegrityError, transaction
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


class PersonMergeConflict(Exception):
    """Both records hold a link that may exist only once (the same part in the same event, the same
    signature): staff resolve it by hand before merging."""


# Copied from the duplicate where the person kept has none.
MERGED_FIELDS = [
    "honorific",
    "given_name",
    "territorial_designation",
    "post_nominals",
    "salutation_title",
    "description",
    "bio",
    "country",
    "postcode",
]


def person_merge(*, keep, duplicate):
    """Make `duplicate` part of `keep`, in one transaction: every row that points to the duplicate
    (seats, offices, affiliations, participations, signatures, consent record, deliveries… whatever
    app made it: every relation to Person is followed) then points to `keep`, their tags are joined,
    blank details of `keep` are filled from the duplicate (the address with its consent, when `keep`
    has none), and the duplicate is deleted. Raises PersonMergeConflict, changing nothing, when a
    link would then exist twice."""
    if keep.pk == duplicate.pk:
        raise ValueError("A person cannot be merged into themselves.")
    with transaction.atomic():
        for relation in Person._meta.related_objects:
            if relation.one_to_many or relation.one_to_one:
                model, field = relation.related_model, relation.field.name
                try:
                    with transaction.atomic():
                        model._base_manager.filter(**{field: duplicate}).update(**{field: keep})
                except IntegrityError as error:
                    raise PersonMergeConflict(str(model._meta.verbose_name)) from error
            elif relation.many_to_many:
                # Through the link table, so that a relation with no reverse accessor (related_name
                # "+", such as an audience's chosen people) is followed too.
                through = relation.through
                source = relation.field.m2m_reverse_field_name()  # the link table's column for Person
                other = relation.field.m2m_field_name()
                already = set(through.objects.filter(**{source: keep}).values_list(other, flat=True))
                links = through.objects.filter(**{source: duplicate})
                links.exclude(**{f"{other}__in": already}).update(**{source: keep})
                links.delete()  # the ones `keep` already had
        keep.tags.add(*duplicate.tags.all())
        for name in MERGED_FIELDS:
            if not getattr(keep, name) and getattr(duplicate, name):
                setattr(keep, name, getattr(duplicate, name))
        # `keep` stays as public or private as it was: merging never puts a private record's links on
        # public pages without staff choosing to.
        if not keep.email and duplicate.email:
            email = duplicate.email
            Person.objects.filter(pk=duplicate.pk).update(email=None)
            keep.email = email
            keep.email_consent, keep.email_consent_changed_at = (
                duplicate.email_consent,
                duplicate.email_consent_changed_at,
            )
            Person.objects.filter(pk=keep.pk).update(
                email_consent=keep.email_consent, email_consent_changed_at=keep.email_consent_changed_at
            )
        keep.save()
        duplicate_id = duplicate.pk
        duplicate.delete()
        # The duplicate's history names it (its address too): it goes with it, so that erasing
        # `keep` later leaves nothing of either behind.
        Person.history.filter(id=duplicate_id).delete()
    return keep
