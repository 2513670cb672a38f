"""Signatures counted by constituency: validated UK ones only, however the postcode was typed."""

import pytest

from constituencies.models import Constituency
from constituencies.services import constituents_signed_by_mp, validated_signatures_by_constituency
from petitions.models import Signature
from tests.petitions.factories import make_petition

from .factories import load_test_directory, make_mp, sign

pytestmark = pytest.mark.django_db


def by_name(counts):
    names = dict(Constituency.objects.values_list("pk", "name"))
    return {names[pk]: count for pk, count in counts.items()}


def test_only_validated_signatures_are_counted():
    load_test_directory()
    petition = make_petition()
    sign(petition, "BA1 1SU")
    sign(petition, "ba2 4aa")
    for status in (Signature.Status.PENDING, Signature.Status.INVALIDATED, Signature.Status.FRAUDULENT):
        sign(petition, "BA1 1SU", status=status)
    sign(petition, "SW1A 0AA", status=Signature.Status.PENDING)
    assert by_name(validated_signatures_by_constituency()) == {"Bath": 2}


def test_postcodes_count_however_they_were_typed_and_unknown_ones_not_at_all():
    load_test_directory()
    petition = make_petition()
    for typed in ("SW1A 0AA", "sw1a0aa", "SW1A  1AA", "ZZ9 9ZZ", ""):
        sign(petition, typed)
    sign(petition, "SW1A 0AA", country="IE")  # not a UK signer: the postcode is not a UK one
    assert by_name(validated_signatures_by_constituency()) == {"Cities of London and Westminster": 3}


def test_counts_are_of_the_petitions_asked_for_and_each_person_counts_once():
    load_test_directory()
    first, second = make_petition(slug="first"), make_petition(slug="second")
    sign(first, "N7 8EG", email="ada@example.org")
    sign(second, "N7 8EG", email="ada@example.org")
    sign(second, "N7 8EG")
    assert by_name(validated_signatures_by_constituency([first.pk])) == {"Islington North": 1}
    assert by_name(validated_signatures_by_constituency([first.pk, second.pk])) == {"Islington North": 2}
    assert validated_signatures_by_constituency([]) == {}


def test_a_straddling_postcode_counts_in_each_of_its_constituencies():
    load_test_directory()
    sign(make_petition(), "BA1 9RB")
    assert by_name(validated_signatures_by_constituency()) == {"Bath": 1, "Frome and East Somerset": 1}


def test_each_current_mp_gets_their_constituency_and_its_count():
    load_test_directory()
    petition = make_petition()
    sign(petition, "BA1 1SU")
    sign(petition, "BA2 4AA")
    bath, islington = make_mp("Hobhouse", "Bath"), make_mp("Corbyn", "Islington North")
    nowhere = make_mp("Elsewhere", "A seat we have no postcodes for")
    make_mp("Former", "Bath", is_current=False)
    assert constituents_signed_by_mp([petition.pk]) == {
        bath.pk: ("Bath", 2),
        islington.pk: ("Islington North", 0),
        nowhere.pk: ("A seat we have no postcodes for", 0),
    }
