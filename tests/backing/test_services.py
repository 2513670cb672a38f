"""Who backs an ask or a motion: each parliamentarian once, with their seat as it was when they
backed it, withdrawn backing left out, counts that add up, and the headline a page prints."""

import datetime

import pytest
from django.utils import translation

from backing.models import Backing
from backing.services import (
    asks_with_headlines,
    backers_of_ask,
    backers_of_motion,
    counts_by_party_and_house,
    headline,
    seat_on,
)
from motions.models import Motion
from people.models import ParliamentaryRole, Person
from tests.motions.factories import commons, motion, sign

from .factories import ask, back, lords, parliamentarian, party

pytestmark = pytest.mark.django_db


@pytest.fixture
def recommendation(demo_event):
    return ask(demo_event.campaign)


def defector():
    """A Conservative MP until 2025, Labour since."""
    person = parliamentarian(
        "Defector", started_on=datetime.date(2019, 12, 12), ended_on=datetime.date(2025, 1, 14), is_current=False
    )
    ParliamentaryRole.objects.create(
        person=person, legislature=commons(), party=party("Labour Party"), started_on=datetime.date(2025, 1, 15)
    )
    return person


def test_the_seat_is_the_one_held_on_the_day(db):
    person = defector()
    assert seat_on(person, datetime.date(2024, 3, 1)).party.name == "Conservative Party"
    assert seat_on(person, datetime.date(2025, 6, 1)).party.name == "Labour Party"
    assert seat_on(person, None).party.name == "Labour Party"  # undated: today's seat


def test_no_seat_on_a_day_before_entering_or_after_leaving_parliament(db):
    person = parliamentarian("Former", started_on=datetime.date(2010, 5, 6), is_current=False)
    assert seat_on(person, datetime.date(2009, 1, 1)) is None
    assert seat_on(person, datetime.date(2024, 1, 1)) is None  # had left, on a day nobody recorded
    assert seat_on(person, None) is not None  # undated: the latest seat is the best we know


def test_a_later_defection_does_not_rewrite_the_party_they_backed_it_from(recommendation):
    back(recommendation, defector(), backed_on=datetime.date(2024, 3, 1))
    (backer,) = backers_of_ask(recommendation)
    assert backer.party.name == "Conservative Party"
    assert [row.key for row in counts_by_party_and_house([backer]).by_party] == ["Conservative Party"]


def test_withdrawn_backing_is_not_counted(recommendation):
    back(recommendation, parliamentarian("Stays"))
    back(recommendation, parliamentarian("Leaves"), has_withdrawn=True, withdrawn_on=datetime.date(2024, 5, 1))
    assert [backer.person.family_name for backer in backers_of_ask(recommendation)] == ["Stays"]


def test_a_person_is_one_backer_with_every_piece_of_evidence(recommendation, demo_event):
    person = parliamentarian("Both")
    edm = motion(demo_event.campaign)
    edm.recommendations.add(recommendation)
    sign(edm, person, datetime.date(2020, 11, 24))
    back(recommendation, person, how=Backing.How.SPOKE, event=demo_event, backed_on=datetime.date(2020, 9, 10))
    (backer,) = backers_of_ask(recommendation)
    assert [item.how for item in backer.evidence] == [Backing.How.SPOKE, Backing.How.SIGNED_MOTION]
    assert backer.backed_on == datetime.date(2020, 9, 10)


def test_a_signature_recorded_as_backing_too_is_one_piece_of_evidence(recommendation, demo_event):
    person = parliamentarian("Signer")
    edm = motion(demo_event.campaign)
    edm.recommendations.add(recommendation)
    sign(edm, person)
    back(recommendation, person, how=Backing.How.SIGNED_MOTION, motion=edm, source_url="https://example.org/edm")
    (backer,) = backers_of_ask(recommendation)
    assert [(item.how, item.source_url) for item in backer.evidence] == [("signed_motion", "https://example.org/edm")]


def test_signatories_of_draft_motions_and_those_who_withdrew_do_not_back_the_ask(recommendation, demo_event):
    draft = motion(demo_event.campaign, status=Motion.Status.DRAFT)
    draft.recommendations.add(recommendation)
    sign(draft, parliamentarian("OnADraft"))
    published = motion(demo_event.campaign, slug="published", number="2")
    published.recommendations.add(recommendation)
    sign(published, parliamentarian("Withdrew"), has_withdrawn=True)
    sign(published, parliamentarian("Signed"))
    assert [backer.person.family_name for backer in backers_of_ask(recommendation)] == ["Signed"]


def test_a_person_without_a_seat_is_neither_named_nor_counted(recommendation):
    # As the old list of backers allowed; the admin now refuses it (test_admin).
    Backing.objects.create(
        recommendation=recommendation, person=Person.objects.create(family_name="Public"), how=Backing.How.RECORDED
    )
    back(recommendation, parliamentarian("Member"))
    assert [backer.person.family_name for backer in backers_of_ask(recommendation)] == ["Member"]


def test_a_motions_backers_are_its_current_signatories_with_their_seat_when_they_signed(demo_event):
    edm = motion(demo_event.campaign, tabled_on=datetime.date(2024, 2, 1))
    sign(edm, defector(), signed_on=None)  # read as on the day it was tabled
    sign(edm, parliamentarian("Leaver"), has_withdrawn=True)
    (backer,) = backers_of_motion(edm)
    assert backer.party.name == "Conservative Party"


def test_counts_by_party_and_by_house_add_up_to_the_total(recommendation):
    for number in range(3):
        back(recommendation, parliamentarian(f"Con{number}"))
    back(recommendation, parliamentarian("Lab", party_name="Labour Party"))
    back(recommendation, parliamentarian("Peer", house=lords(), party_name="Labour Party"))
    back(recommendation, parliamentarian("Crossbencher", house=lords(), party_name=None))
    counts = counts_by_party_and_house(backers_of_ask(recommendation))
    assert counts.total == 6
    # Parties by their short names where they have one (the demo's do).
    assert [(row.label, row.count) for row in counts.by_party] == [("Conservative", 3), ("Labour", 2), ("No party", 1)]
    assert [(row.label, row.count) for row in counts.by_house] == [("House of Commons", 4), ("House of Lords", 2)]
    assert sum(row.count for row in counts.by_party) == sum(row.count for row in counts.by_house) == counts.total
    labour = counts.by_party[1]
    assert labour.by_house == {"House of Commons": 1, "House of Lords": 1}
    assert counts.party_count == 2


def test_the_headline_names_the_houses_and_counts_the_parties(recommendation):
    back(recommendation, parliamentarian("One"))
    assert headline(backers_of_ask(recommendation)) == "1 MP from 1 party"
    back(recommendation, parliamentarian("Two", party_name="Labour Party"))
    back(recommendation, parliamentarian("Three", house=lords(), party_name="Green Party"))
    assert headline(backers_of_ask(recommendation)) == "3 MPs and Peers from 3 parties"
    assert headline([]) == ""


def test_the_headline_in_persian_uses_persian_digits(recommendation):
    for number in range(12):
        back(recommendation, parliamentarian(f"Member{number}"))
    with translation.override("fa"):
        text = headline(backers_of_ask(recommendation))
    assert text == "۱۲ نمایندهٔ مجلس عوام از ۱ حزب"


def test_headlines_for_a_list_of_asks_match_each_asks_own(demo_event, django_assert_num_queries):
    first, second = ask(demo_event.campaign, "first"), ask(demo_event.campaign, "second")
    back(first, parliamentarian("A"))
    back(first, defector(), backed_on=datetime.date(2024, 3, 1))
    edm = motion(demo_event.campaign)
    edm.recommendations.add(first, second)
    sign(edm, parliamentarian("B", house=lords(), party_name="Labour Party"))
    with django_assert_num_queries(3):
        asks = asks_with_headlines([first, second])
    assert [item.backing_headline for item in asks] == [headline(backers_of_ask(first)), "1 Peer from 1 party"]
    assert asks[0].backing_headline == "3 MPs and Peers from 2 parties"


def test_a_backing_through_a_motion_and_its_signature_read_the_same_day_everywhere(demo_event):
    """Signed as a Conservative in 2024, recorded as backing through that motion in 2025 (Labour by
    then): the signature is not a second act, so the list's headline equals the ask page's."""
    recommendation = ask(demo_event.campaign)
    edm = motion(demo_event.campaign, tabled_on=datetime.date(2024, 2, 1))
    edm.recommendations.add(recommendation)
    person = defector()
    sign(edm, person, signed_on=datetime.date(2024, 3, 1))
    back(recommendation, person, how=Backing.How.SIGNED_MOTION, motion=edm, backed_on=datetime.date(2025, 6, 1))
    back(recommendation, parliamentarian("Other", party_name="Labour Party"))
    (listed,) = asks_with_headlines([recommendation])
    assert listed.backing_headline == headline(backers_of_ask(recommendation)) == "2 MPs from 1 party"
