"""Parliamentarians with dated seats, asks and their backing, for tests."""

import datetime

from backing.models import Backing
from people.models import Legislature, ParliamentaryRole, Party, Person
from recommendations.models import Recommendation
from tests.motions.factories import commons


def lords():
    legislature, _ = Legislature.objects.get_or_create(
        slug="house-of-lords",
        defaults={"name": "House of Lords", "kind": Legislature.Kind.UPPER, "country": "GB", "member_title": "Peer"},
    )
    return legislature


def party(name, short_name=""):
    row, _ = Party.objects.get_or_create(name=name, country="GB", defaults={"short_name": short_name})
    return row


def parliamentarian(family_name, *, house=None, party_name="Conservative Party", given_name="Test", **role):
    person = Person.objects.create(given_name=given_name, family_name=family_name)
    ParliamentaryRole.objects.create(
        person=person,
        legislature=house or commons(),
        party=party(party_name) if party_name else None,
        constituency=role.pop("constituency", "Bath"),
        **role,
    )
    return person


def ask(campaign, slug="an-ask", title="Recognise the 1988 massacre"):
    return Recommendation.objects.create(campaign=campaign, slug=slug, title=title, call_to_action=f"{title}, now.")


def back(recommendation, person, how=Backing.How.PLEDGED, backed_on=datetime.date(2024, 3, 1), **fields):
    return Backing.objects.create(recommendation=recommendation, person=person, how=how, backed_on=backed_on, **fields)
