"""What petitions hold about a person, for people.data_rights: their signatures, found by the link
made at confirmation and by address (an unconfirmed signature has no link yet)."""

from .email_addresses import normalise_email
from .models import Signature
from .services import signatures_anonymise


def signatures_of(person):
    signatures = Signature.objects.filter(person=person)
    if person.email:
        signatures = signatures | Signature.objects.filter(email_normalised=normalise_email(person.email))
    return signatures.distinct()


def iso(value):
    return value.isoformat() if value else None


def export(person):
    return [
        {
            "petition": s.petition.title,
            "name": s.name,
            "email": s.email,
            "country": str(s.country),
            "postcode": s.postcode,
            "language": s.language,
            "status": s.status,
            "signed_at": iso(s.created_at),
            "confirmed_at": iso(s.confirmed_at),
            "ip_address": s.ip_address,
            "wants_email": s.wants_email,
            "name_may_be_delivered": s.name_may_be_delivered,
            "consent_wording": s.consent_wording,
        }
        for s in signatures_of(person).select_related("petition")
    ]


def erase(person):
    """Signatures stay counted, with nothing that names the signer."""
    signatures_anonymise(Signature.objects.filter(pk__in=signatures_of(person).values("pk")))
