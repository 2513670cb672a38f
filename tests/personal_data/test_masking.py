"""The masks themselves: enough to tell rows apart, not enough to write to or find anyone."""

import pytest

from personal_data.masking import mask_email, mask_ip_address, mask_postcode


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("grace@example.org", "g•••@e•••.org"),
        ("Ada.Lovelace+petitions@mail.example.co.uk", "A•••@m•••.uk"),
        ("x@localhost", "x•••@•••"),
        ("Grace Hopper <grace@example.org>", "Grace Hopper <g•••@e•••.org>"),
        ("", ""),
        (None, ""),
    ],
)
def test_email_addresses_keep_two_letters_and_the_top_level_domain(value, masked):
    assert mask_email(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [("SW1A 1AA", "SW1A •••"), ("sw1a 1aa", "SW1A •••"), ("75001", "75•••"), ("N1", "•••"), ("", "")],
)
def test_postcodes_keep_their_district(value, masked):
    assert mask_postcode(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("203.0.113.7", "203.0.113.•••"),
        ("2001:db8:0:1::7", "2001:db8:0:•••"),
        ("not an address", "•••"),
        (None, ""),
    ],
)
def test_ip_addresses_keep_their_network(value, masked):
    assert mask_ip_address(value) == masked
