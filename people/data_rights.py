"""Supporters' rights over their data (UK GDPR): a copy of everything held, and erasure.

Erasure keeps what the campaign's public record and counts need, and nothing that identifies the
person: signatures stay counted, anonymised; deliveries stay in mailing logs, detached; a speaker's
part in an event stays, under "Erased person".
"""

from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from outreach.models import Delivery
from petitions.email_addresses import normalise_email
from petitions.models import Signature

from .models import Person

ERASED_NAME = "Erased person"


def person_export(person):
    """Everything held about `person`, as plain data ready for JSON."""
    signatures = Signature.objects.filter(person=person)
    if person.email:
        signatures = signatures | Signature.objects.filter(email_normalised=normalise_email(person.email))
    return {
        "exported_at": timezone.now().isoformat(),
        "person": {
            "honorific": person.honorific,
            "given_name": person.given_name,
            "family_name": person.family_name,
            "territorial_designation": person.territorial_designation,
            "post_nominals": person.post_nominals,
            "description": person.description,
            "bio": person.bio,
            "country": str(person.country),
            "email": person.email,
            "postcode": person.postcode,
            "profile_is_public": person.profile_is_public,
            "email_consent": person.email_consent,
            "email_consent_changed_at": iso(person.email_consent_changed_at),
            "tags": [tag.name for tag in person.tags.all()],
            "created_at": iso(person.created_at),
        },
        "consent_record": [
            {"status": c.status, "changed_at": iso(c.changed_at), "source": c.source, "wording": c.wording}
            for c in person.consent_changes.all()
        ],
        "parliamentary_roles": [
            str(role) for role in person.parliamentary_roles.select_related("legislature", "party")
        ],
        "offices": [str(office) for office in person.offices.all()],
        "affiliations": [str(a) for a in person.affiliations.select_related("organisation")],
        "events": [
            {
                "event": p.event.title,
                "role": p.get_role_display(),
                "spoke_as": p.spoke_as,
                "statements": [s.text for s in p.statements.all()],
            }
            for p in person.participations.select_related("event").prefetch_related("statements")
        ],
        "signatures": [
            {
                "petition": s.petition.title,
                "name": s.name,
                "email": s.email,
                "country": str(s.country),
                "postcode": s.postcode,
                "status": s.status,
                "signed_at": iso(s.created_at),
                "confirmed_at": iso(s.confirmed_at),
                "ip_address": s.ip_address,
                "wants_email": s.wants_email,
                "consent_wording": s.consent_wording,
            }
            for s in signatures.distinct().select_related("petition")
        ],
        "mail_received": [
            {"mailing": d.mailing.subject, "status": d.status, "sent_at": iso(d.sent_at)}
            for d in person.deliveries.select_related("mailing")
        ],
    }


def iso(value):
    return value.isoformat() if value else None


def signatures_anonymise(signatures, chunk_size=5000):
    """Remove the personal fields of `signatures`, keeping status and country so counts still hold.
    Works in chunks of ids, one UPDATE each. Returns how many rows changed."""
    erased_address = Concat(Value("erased-"), Cast("id", CharField()), Value("@invalid"))
    ids = list(signatures.exclude(name=ERASED_NAME).values_list("pk", flat=True))
    count = 0
    for start in range(0, len(ids), chunk_size):
        count += Signature.objects.filter(pk__in=ids[start : start + chunk_size]).update(
            person=None,
            name=ERASED_NAME,
            email=erased_address,
            email_normalised=erased_address,
            postcode="",
            ip_address=None,
            consent_wording="",
            confirmation_due_at=None,
        )
    return count


@transaction.atomic
def person_erase(person):
    """Erase `person`: their signatures anonymised, their deliveries detached, their consent record
    and edit history deleted; the person row deleted, or anonymised when the public record of an
    event needs it."""
    signatures = Signature.objects.filter(person=person)
    if person.email:
        signatures = signatures | Signature.objects.filter(email_normalised=normalise_email(person.email))
    signatures_anonymise(signatures)
    Delivery.objects.filter(person=person).update(person=None, email="erased@invalid")
    person.consent_changes.all().delete()
    person.history.all().delete()
    if not person.participations.exists():
        person.delete()
        return None
    Person.objects.filter(pk=person.pk).update(
        honorific="",
        given_name="",
        family_name=ERASED_NAME,
        territorial_designation="",
        post_nominals="",
        salutation_title="",
        description="",
        bio="",
        email=None,
        postcode="",
        profile_is_public=False,
        email_consent=Person.EmailConsent.UNSUBSCRIBED,
    )
    person.tags.clear()
    person.parliamentary_roles.all().delete()
    person.offices.all().delete()
    person.affiliations.all().delete()
    person.history.all().delete()
    return person
