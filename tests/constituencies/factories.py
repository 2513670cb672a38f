"""Constituencies loaded from the test directory, MPs sitting for them, and signatures by postcode."""

from pathlib import Path

from django.utils import timezone

from constituencies.loading import postcodes_load
from people.models import Legislature, ParliamentaryRole, Party, Person
from petitions.models import Signature
from tests.motions.factories import commons

DATA = Path(__file__).resolve().parents[1] / "data" / "constituencies"
ONSPD = DATA / "onspd.csv"
NAMES = DATA / "pcon24_names.csv"


def load_test_directory():
    return postcodes_load(path=ONSPD, names_path=NAMES)


def make_mp(family_name, constituency, *, is_current=True, language="en", email=None):
    person = Person.objects.create(
        given_name="Test",
        family_name=family_name,
        post_nominals="MP",
        email=email or f"{family_name.lower()}@parliament.example",
        language=language,
    )
    party, _ = Party.objects.get_or_create(name="Independent", country="GB")
    ParliamentaryRole.objects.create(
        person=person,
        legislature=commons(),
        party=party,
        constituency=constituency,
        is_current=is_current,
        ended_on=None if is_current else timezone.localdate(),
    )
    return person


def make_peer(family_name):
    person = Person.objects.create(given_name="Test", family_name=family_name, email=f"{family_name}@lords.example")
    lords, _ = Legislature.objects.get_or_create(
        slug="house-of-lords",
        defaults={"name": "House of Lords", "kind": Legislature.Kind.UPPER, "country": "GB", "member_title": "Peer"},
    )
    ParliamentaryRole.objects.create(person=person, legislature=lords)
    return person


def sign(petition, postcode, *, status=Signature.Status.VALIDATED, email=None, country="GB"):
    number = Signature.objects.count()
    email = email or f"signer{number}@example.org"
    return Signature.objects.create(
        petition=petition,
        name=f"Signer {number}",
        email=email,
        email_normalised=email.lower(),
        country=country,
        postcode=postcode,
        status=status,
    )


def sign_many(petition, postcode, count):
    """`count` validated signatures from `postcode`, in one insert."""
    first = Signature.objects.count()
    Signature.objects.bulk_create(
        Signature(
            petition=petition,
            name=f"Signer {first + i}",
            email=f"signer{first + i}@example.org",
            email_normalised=f"signer{first + i}@example.org",
            country="GB",
            postcode=postcode,
            status=Signature.Status.VALIDATED,
        )
        for i in range(count)
    )
