"""The demo has an upcoming in-person event taking registrations, and seeding it twice changes nothing."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from campaign.demo import BRIEFING_SLUG
from events.models import Event
from registrations.models import EventRegistration

pytestmark = pytest.mark.django_db


def test_the_demo_briefing_is_upcoming_in_person_and_open(client):
    call_command("seed_demo")
    event = Event.objects.get(slug=BRIEFING_SLUG)
    assert event.format == Event.Format.IN_PERSON and event.starts_at > timezone.now()
    assert event.registration.is_taking_registrations()
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Come to this event" in page and 'name="name_on_id"' in page


def test_seeding_again_changes_nothing_and_a_past_briefing_moves_ahead():
    call_command("seed_demo")
    first = list(EventRegistration.objects.values()), list(Event.objects.filter(slug=BRIEFING_SLUG).values())
    call_command("seed_demo")
    assert (list(EventRegistration.objects.values()), list(Event.objects.filter(slug=BRIEFING_SLUG).values())) == first

    Event.objects.filter(slug=BRIEFING_SLUG).update(starts_at=timezone.now() - datetime.timedelta(days=3), ends_at=None)
    call_command("seed_demo")
    event = Event.objects.get(slug=BRIEFING_SLUG)
    assert event.starts_at > timezone.now() + datetime.timedelta(days=20)
    assert event.registration.is_taking_registrations()
