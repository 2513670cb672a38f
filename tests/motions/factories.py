"""Motions and the parliamentarians who sign them, for tests."""

import datetime

from motions.models import Motion, Signatory
from people.models import Legislature, ParliamentaryRole, Party, Person


def commons():
    legislature, _ = Legislature.objects.get_or_create(
        slug="house-of-commons",
        defaults={"name": "House of Commons", "kind": Legislature.Kind.LOWER, "country": "GB", "member_title": "MP"},
    )
    return legislature


def mp(family_name, given_name="Test", honorific="", *, party="Conservative"):
    person = Person.objects.create(
        honorific=honorific, given_name=given_name, family_name=family_name, post_nominals="MP"
    )
    party_row, _ = Party.objects.get_or_create(name=party, country="GB")
    ParliamentaryRole.objects.create(person=person, legislature=commons(), party=party_row, constituency="Bath")
    return person


def motion(campaign, **fields):
    defaults = {
        "kind": Motion.Kind.EARLY_DAY_MOTION,
        "number": "1189",
        "house": commons(),
        "session": "2019–21",
        "title": "Iran’s 1988 massacre of political prisoners",
        "slug": "edm-1189-1988-massacre",
        "text": "That this House condemns the 1988 massacre and calls for an international inquiry.",
        "tabled_on": datetime.date(2020, 11, 23),
        "status": Motion.Status.PUBLISHED,
    }
    return Motion.objects.create(campaign=campaign, **{**defaults, **fields})


def sign(motion, person, signed_on=datetime.date(2020, 11, 24), **fields):
    return Signatory.objects.create(motion=motion, person=person, signed_on=signed_on, **fields)
