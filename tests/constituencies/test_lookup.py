"""Postcode → constituency → MP, on our own tables: as supporters type postcodes, and as seats are named."""

import pytest

from constituencies.models import Constituency
from constituencies.services import (
    constituencies_for_postcode,
    current_mp,
    display_postcode,
    normalise_postcode,
    postcodes_loaded,
)

from .factories import load_test_directory, make_mp, make_peer


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [("SW1A 0AA", "SW1A0AA"), ("sw1a0aa", "SW1A0AA"), ("  sw1a   0aa ", "SW1A0AA"), ("m1 1ae", "M11AE"),
     ("CF10 1EP", "CF101EP"), ("gir 0aa", "GIR0AA")],
)  # fmt: skip
def test_postcodes_are_normalised_however_they_are_typed(typed, normalised):
    assert normalise_postcode(typed) == normalised


def test_a_normalised_postcode_is_shown_with_its_space():
    assert display_postcode("SW1A0AA") == "SW1A 0AA" and display_postcode("M11AE") == "M1 1AE"


@pytest.mark.parametrize("typed", ["", "   ", "SW1A", "SW1A 0A", "12345", "SW1A 0AAA", "not a postcode", None])
def test_malformed_postcodes_are_none(typed):
    assert normalise_postcode(typed) is None


@pytest.mark.django_db
def test_a_postcode_finds_its_constituency_with_spaces_or_in_lower_case():
    load_test_directory()
    for typed in ("BA1 1SU", "ba1 1su", "BA11SU", " ba1  1SU "):
        assert [c.name for c in constituencies_for_postcode(typed)] == ["Bath"]


@pytest.mark.django_db
def test_unknown_and_malformed_postcodes_find_nothing():
    load_test_directory()
    assert constituencies_for_postcode("ZZ9 9ZZ") == []
    assert constituencies_for_postcode("not a postcode") == []


@pytest.mark.django_db
def test_without_postcode_data_nothing_is_found_and_that_can_be_told():
    assert not postcodes_loaded() and constituencies_for_postcode("BA1 1SU") == []
    load_test_directory()
    assert postcodes_loaded()


@pytest.mark.django_db
def test_the_current_mp_is_found_by_the_name_of_the_seat():
    load_test_directory()
    make_mp("Former", "Bath", is_current=False)
    hobhouse = make_mp("Hobhouse", "bath ")  # typed as staff type it
    make_peer("Lord")
    role = current_mp(Constituency.objects.get(name="Bath"))
    assert role.person == hobhouse and role.is_current


@pytest.mark.django_db
def test_a_vacant_seat_has_no_mp():
    load_test_directory()
    make_mp("Former", "Islington North", is_current=False)
    assert current_mp(Constituency.objects.get(name="Islington North")) is None
