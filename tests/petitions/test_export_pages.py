"""The signatures' CSV export reads its rows a page at a time (keyset pagination), so that no
cursor outlives a transaction (PgBouncer's transaction pooling) and memory holds one page."""

import csv
import io

import pytest

from petitions.exports import signature_rows
from petitions.services import signature_submit

from .factories import make_petition

pytestmark = pytest.mark.django_db


def exported_emails(chunks):
    return [row["email"] for row in csv.DictReader(io.StringIO("".join(chunks).lstrip("\ufeff")))]


@pytest.fixture
def petition():
    petition = make_petition()
    for n in range(5):
        signature_submit(petition=petition, name=f"Signer {n}", email=f"signer{n}@example.org", country="GB")
    make_petition(slug="other-petition")  # another petition's signatures never show
    return petition


def test_every_signature_is_exported_once_in_the_order_signed_across_pages(petition):
    assert exported_emails(signature_rows(petition, page_size=2)) == [f"signer{n}@example.org" for n in range(5)]


def test_each_page_is_one_short_query(petition, django_assert_num_queries):
    with django_assert_num_queries(3):  # pages of 2, 2 and 1 rows
        list(signature_rows(petition, page_size=2))


def test_a_signature_made_during_the_download_is_not_exported_twice(petition):
    chunks = signature_rows(petition, page_size=2)
    first = [next(chunks), next(chunks)]  # the header, then the first page
    signature_submit(petition=petition, name="Late", email="late@example.org", country="GB")
    emails = exported_emails(first + list(chunks))
    assert sorted(emails) == sorted({*emails})
    assert emails[:5] == [f"signer{n}@example.org" for n in range(5)]
