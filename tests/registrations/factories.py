import datetime

from django.utils import timezone

from campaign.models import Campaign, Organisation
from events.models import Event
from registrations.models import EventRegistration, Registrant
from registrations.services import registrant_confirm, registrant_submit


def make_event(slug="briefing", *, days_ahead=10, **fields):
    heads_site = not Organisation.objects.filter(runs_this_site=True).exists()
    organisation, _ = Organisation.objects.get_or_create(
        slug="test-org", defaults={"name": "Test Org", "kind": "campaign", "runs_this_site": heads_site}
    )
    campaign, _ = Campaign.objects.get_or_create(
        slug="test-campaign", defaults={"name": "Test campaign", "organisation": organisation, "summary": "…"}
    )
    values = {
        "campaign": campaign,
        "title": "Briefing in Parliament",
        "starts_at": timezone.now() + datetime.timedelta(days=days_ahead),
        "format": Event.Format.IN_PERSON,
        "venue": "Committee Room 14, House of Commons",
        "organiser": organisation,
        "summary": "A briefing.",
        "status": Event.Status.PUBLISHED,
        **fields,
    }
    return Event.objects.create(slug=slug, **values)


def make_registration(event=None, **fields):
    event = event or make_event()
    return EventRegistration.objects.create(event=event, **{"is_open": True, **fields})


def registration_form(**overrides):
    return {
        "name": "Ada Lovelace",
        "email": "ada@example.org",
        "name_on_id": "Augusta Ada King",
        "organisation": "Analytical Society",
        "accessibility_needs": "",
        "website": "",
        **overrides,
    }


def make_registrant(registration, email, *, name="Guest Person", confirm=True, language="en-gb", **fields):
    registrant_id = registrant_submit(
        event_registration=registration, name=name, email=email, language=language, **fields
    )
    if confirm:
        registrant_confirm(registrant_id=registrant_id)
    return Registrant.objects.get(pk=registrant_id)
