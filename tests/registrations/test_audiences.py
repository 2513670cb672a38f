"""Outreach audiences of an event's registrants: everyone registered, those who came, those who did
not. Mail about an event someone asked to come to needs no campaign consent; opt-outs still hold."""

import pytest
from django.urls import reverse

from outreach.models import Audience
from people.models import Person
from people.services import person_record_consent
from registrations.services import registrant_cancel, registrant_check_in

from .factories import make_event, make_registrant, make_registration

pytestmark = pytest.mark.django_db


def emails(audience):
    return sorted(audience.people().values_list("email", flat=True))


@pytest.fixture
def registration():
    registration = make_registration(capacity=3)
    came = make_registrant(registration, "came@example.org")
    make_registrant(registration, "absent@example.org")
    make_registrant(registration, "optedout@example.org")
    make_registrant(registration, "waiting@example.org")
    make_registrant(registration, "pending@example.org", confirm=False)
    cancelled = make_registrant(make_registration(make_event(slug="other")), "elsewhere@example.org")
    registrant_cancel(registrant_id=cancelled.pk)
    registrant_check_in(registrant_id=came.pk)
    person_record_consent(
        Person.objects.get(email="optedout@example.org"), status=Person.EmailConsent.UNSUBSCRIBED, source="test"
    )
    return registration


def audience(registration, attendance):
    audience = Audience.objects.create(name=attendance, kind=Audience.Kind.REGISTRANTS, attendance=attendance)
    audience.registered_for.add(registration.event)
    return audience


def test_registered_attended_and_did_not_attend(registration):
    assert emails(audience(registration, "registered")) == [
        "absent@example.org",
        "came@example.org",
        "waiting@example.org",
    ]
    assert emails(audience(registration, "attended")) == ["came@example.org"]
    assert emails(audience(registration, "absent")) == ["absent@example.org"]


def test_an_audience_of_registrants_naming_no_event_reaches_nobody(registration):
    assert emails(Audience.objects.create(name="None", kind=Audience.Kind.REGISTRANTS)) == []


def test_message_registrants_opens_an_audience_for_the_event(admin_client, registration):
    page = admin_client.get(reverse("admin:registrations_eventregistration_change", args=[registration.pk]))
    html = page.content.decode()
    assert "Message registrants" in html
    add_url = reverse("admin:outreach_audience_add")
    response = admin_client.get(f"{add_url}?kind=registrants&registered_for={registration.event_id}&name=Guests")
    assert response.status_code == 200
    assert 'value="registrants" selected' in response.content.decode()
