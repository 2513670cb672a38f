"""What registrations hold about a person, for people.data_rights: their registrations, found by
the link made at confirmation and by address (an unconfirmed registration has no link yet)."""

from django.utils import timezone

from petitions.email_addresses import normalise_email

from .models import Registrant
from .services import registrant_cancel, registrants_erase


def registrations_of(person):
    registrants = Registrant.objects.filter(person=person)
    if person.email:
        registrants = registrants | Registrant.objects.filter(email_normalised=normalise_email(person.email))
    return registrants.distinct()


def iso(value):
    return value.isoformat() if value else None


def export(person):
    return [
        {
            "event": r.event.title,
            "name": r.name,
            "email": r.email,
            "organisation": r.organisation,
            "name_on_id": r.name_on_id,
            "accessibility_needs": r.accessibility_needs,
            "status": r.status,
            "language": r.language,
            "registered_at": iso(r.created_at),
            "confirmed_at": iso(r.confirmed_at),
            "cancelled_at": iso(r.cancelled_at),
            "attended_at": iso(r.attended_at),
            "wants_email": r.wants_email,
            "consent_wording": r.consent_wording,
        }
        for r in registrations_of(person).select_related("event")
    ]


def erase(person):
    """A place held for an event to come is given up (to the first waiting); every registration
    then keeps its counts and nothing that names the person."""
    registrants = Registrant.objects.filter(pk__in=registrations_of(person).values("pk"))
    for registrant in registrants.filter(event__starts_at__gt=timezone.now()).exclude(
        status=Registrant.Status.CANCELLED
    ):
        registrant_cancel(registrant_id=registrant.pk)
    registrants_erase(registrants)
