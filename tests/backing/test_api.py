"""The open API says what the public pages say of an ask's backers: named parliamentarians with
their house and party as when they backed it; withdrawn backing and people without a seat left out."""

import datetime

import pytest

from backing.models import Backing
from people.data_rights import person_erase, person_export
from people.models import ParliamentaryRole, Person
from tests.motions.factories import commons

from .factories import ask, back, parliamentarian, party

pytestmark = pytest.mark.django_db


def test_an_asks_backers_in_the_api_carry_their_seat_as_when_they_backed_it(client, demo_event):
    recommendation = ask(demo_event.campaign)
    person = parliamentarian(
        "Defector", started_on=datetime.date(2019, 12, 12), ended_on=datetime.date(2025, 1, 14), is_current=False
    )
    ParliamentaryRole.objects.create(
        person=person, legislature=commons(), party=party("Reform UK"), started_on=datetime.date(2025, 1, 15)
    )
    back(recommendation, person, backed_on=datetime.date(2024, 3, 1))
    back(recommendation, parliamentarian("Leaver"), has_withdrawn=True)
    Backing.objects.create(
        recommendation=recommendation, person=Person.objects.create(family_name="Unseated"), how=Backing.How.RECORDED
    )
    answer = client.get(f"/api/v1/asks/{recommendation.slug}/").json()
    assert answer["backers"] == [
        {"name": "Test Defector", "house": "House of Commons", "party": "Conservative Party", "backed_on": "2024-03-01"}
    ]
    assert answer["backers_withheld"] == 1


def test_a_backers_data_export_lists_their_backing(demo_event):
    recommendation = ask(demo_event.campaign)
    person = parliamentarian("Exported")
    back(recommendation, person, how=Backing.How.SPOKE, source_description="Westminster Hall debate")
    (exported,) = person_export(person)["backing"]
    assert exported["how"] == "spoke" and exported["source_description"] == "Westminster Hall debate"


def test_erasing_a_backer_keeps_the_public_act_but_not_staff_notes(demo_event):
    recommendation = ask(demo_event.campaign)
    person = parliamentarian("Erased")
    backing = back(recommendation, person, note="Spoke to her researcher")
    kept = person_erase(person)
    backing.refresh_from_db()
    assert kept is not None and backing.note == ""
    assert not backing.history.filter(note="Spoke to her researcher").exists()
