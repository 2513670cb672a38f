"""Check-in at the door: who may use it, ticking arrivals, walk-ins, and what attendance records."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Participant
from personal_data.models import PersonalDataAccess
from registrations.models import Registrant
from tests.conftest import log_in_verified

from .factories import make_registrant, make_registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def registration():
    registration = make_registration(capacity=2)
    make_registrant(registration, "ada@example.org", name="Ada Lovelace", organisation="Analytical Society")
    make_registrant(registration, "grace@example.org", name="Grace Hopper")
    make_registrant(registration, "wendy@example.org", name="Wendy Waiting")
    return registration


@pytest.fixture
def door_client(personal_data_client, personal_data_user):
    personal_data_user.user_permissions.add(Permission.objects.get(codename="check_in_registrant"))
    return personal_data_client


def check_in_url(registration):
    return reverse("admin:registrations_check_in", args=[registration.pk])


def tick(client, registration, registrant, arrived=True, **headers):
    data = {"registrant": registrant.public_id.hex, "arrived": "1" if arrived else "0"}
    return client.post(check_in_url(registration), data, **headers)


def test_check_in_needs_both_permissions(editor_client, outreach_user, door_client, registration):
    # Editors may check people in, but without the personal-data permission they see no names.
    assert editor_client.get(check_in_url(registration)).status_code == 403
    # Outreach staff given the personal-data permission see the guest list, not the door's page.
    outreach_user.user_permissions.add(Permission.objects.get(codename="view_personal_data"))
    outreach_client = log_in_verified(Client(), outreach_user)
    assert outreach_client.get(check_in_url(registration)).status_code == 403
    guest_list = reverse("admin:registrations_guest_list", args=[registration.pk])
    assert outreach_client.get(guest_list).status_code == 200
    PersonalDataAccess.objects.all().delete()

    page = door_client.get(check_in_url(registration))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ada Lovelace" in html and "Analytical Society" in html and "Wendy Waiting" in html
    assert "ada@example.org" not in html
    assert PersonalDataAccess.objects.get().what.startswith("check-in list")


def test_ticking_arrival_makes_the_person_an_attendee_who_stays_unnamed_in_public(door_client, client, registration):
    ada = Registrant.objects.get(email="ada@example.org")
    response = tick(door_client, registration, ada, HTTP_X_REQUESTED_WITH="fetch")
    assert response.status_code == 200
    assert response.json()["arrived"] is True
    assert response.json()["counts"]["attended"] == 1
    ada.refresh_from_db()
    assert ada.attended_at is not None
    participant = Participant.objects.get(event=registration.event, role=Participant.Role.ATTENDEE)
    assert participant.person == ada.person
    event_page = client.get(registration.event.get_absolute_url()).content.decode()
    assert "Ada Lovelace" not in event_page  # her profile is not public

    # A mistaken tick is taken back, and the attendance with it.
    tick(door_client, registration, ada, arrived=False, HTTP_X_REQUESTED_WITH="fetch")
    ada.refresh_from_db()
    assert ada.attended_at is None
    assert not Participant.objects.filter(event=registration.event, role=Participant.Role.ATTENDEE).exists()


def test_without_script_a_tick_posts_and_returns_to_the_search(door_client, registration):
    grace = Registrant.objects.get(email="grace@example.org")
    response = door_client.post(
        check_in_url(registration), {"registrant": grace.public_id.hex, "arrived": "1", "q": "grace"}
    )
    assert response.status_code == 302 and response["Location"].endswith("?q=grace")
    page = door_client.get(response["Location"]).content.decode()
    assert "Grace Hopper" in page and "Ada Lovelace" not in page
    assert "✓ Arrived" in page


def test_someone_on_the_waiting_list_who_is_let_in_holds_a_place(door_client, registration):
    wendy = Registrant.objects.get(email="wendy@example.org")
    assert wendy.status == "waiting"
    tick(door_client, registration, wendy)
    wendy.refresh_from_db()
    assert (wendy.status, wendy.waiting_since is None) == ("confirmed", True)


def test_a_walk_in_is_added_as_arrived(door_client, registration):
    url = reverse("admin:registrations_walk_in", args=[registration.pk])
    response = door_client.post(url, {"name": "Walter Walkin", "organisation": "Press"})
    assert response.status_code == 302
    walk_in = Registrant.objects.get(name="Walter Walkin")
    assert walk_in.is_walk_in and walk_in.attended_at and walk_in.email is None
    assert Participant.objects.filter(person=walk_in.person, role="attendee").exists()
    # A name that is a formula is refused with a message, not a 500.
    response = door_client.post(url, {"name": "=cmd|' /C calc'!A0"}, follow=True)
    assert "without = + - or @ at the start" in response.content.decode()


def test_an_unknown_registrant_is_a_clear_error(door_client, registration):
    response = door_client.post(
        check_in_url(registration), {"registrant": "not-an-id", "arrived": "1"}, HTTP_X_REQUESTED_WITH="fetch"
    )
    assert response.status_code == 404 and "not on the list" in response.json()["error"]


def test_the_page_costs_the_same_whatever_the_number_of_guests(door_client, registration):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert door_client.get(check_in_url(registration)).status_code == 200
        return len(captured)

    before = queries()
    for i in range(20):
        make_registrant(registration, f"more{i}@example.org", name=f"More Guest {i}")
    assert queries() == before
