"""Holes found in review: each would let a letter reach someone it should not, or turn a genuine one away."""

import pytest

from constituencies.models import Constituency
from constituencies.services import current_mp
from letters.data_rights import erase
from letters.models import Letter
from letters.services import Confirmation, letter_confirm
from outbox.models import OutgoingMail
from people.models import Legislature, ParliamentaryRole, Person

from .factories import letter_form, load_test_postcodes, make_bath_mp, make_letter_campaign

pytestmark = pytest.mark.django_db

WRITE_TO_BATH = "/write/inquiry-letters/to/E14001073/"


def test_a_constituency_without_a_name_has_no_mp():
    commons = Legislature.objects.create(name="House of Commons", slug="commons", kind="lower", country="GB")
    person = Person.objects.create(family_name="Seatless", email="seatless@example.org")
    ParliamentaryRole.objects.create(person=person, legislature=commons, constituency="", is_current=True)
    assert current_mp(Constituency.objects.create(ons_code="E14009999", name="")) is None


def test_a_made_up_postcode_cannot_reach_another_seats_mp(client):
    load_test_postcodes()
    make_bath_mp()
    make_letter_campaign()
    response = client.post(WRITE_TO_BATH, letter_form(writer_postcode="ZZ9 9ZZ"))
    assert response.status_code == 400
    assert "We cannot find ZZ9 9ZZ" in response.content.decode()
    assert not Letter.objects.exists()


def test_erasing_a_writer_before_they_confirm_sends_nothing(client):
    load_test_postcodes()
    make_bath_mp()
    make_letter_campaign()
    assert client.post(WRITE_TO_BATH, letter_form()).status_code == 302
    letter = Letter.objects.get()
    erase(Person.objects.get_or_create(email="ada@example.org", defaults={"family_name": "Lovelace"})[0])
    letter.refresh_from_db()
    assert letter.status == Letter.Status.REFUSED
    assert letter_confirm(letter_id=letter.pk)[1] == Confirmation.NOT_PENDING
    assert not OutgoingMail.objects.exists()
    assert not Person.objects.filter(email__endswith="@invalid").exists()
    assert Person.objects.filter(email="ada@example.org").count() <= 1
