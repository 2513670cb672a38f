import pytest

from petitions.email_addresses import normalise_email


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("Ada.Lovelace@Example.org", "ada.lovelace@example.org"),
        ("ada.lovelace+petition@gmail.com", "adalovelace@gmail.com"),
        ("A.D.A.lovelace@googlemail.com", "adalovelace@gmail.com"),
        ("ada+news@outlook.com", "ada@outlook.com"),
        # Unknown domains may treat +tags as distinct mailboxes: kept.
        ("ada+news@example.org", "ada+news@example.org"),
        ("  ada@Example.ORG  ", "ada@example.org"),
    ],
)
def test_addresses_are_compared_as_providers_deliver_them(typed, normalised):
    assert normalise_email(typed) == normalised
