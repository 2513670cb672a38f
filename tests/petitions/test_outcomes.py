"""Outcomes: staff publish what the target answered and whether the petition was delivered, won or
lost; the petition's page shows it, and a page lists closed petitions with what came of each."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from petitions.models import Petition
from petitions.services import signature_count_add

from .factories import make_petition

pytestmark = pytest.mark.django_db


def make_closed(slug, **fields):
    values = {
        "status": Petition.Status.CLOSED,
        "opened_at": timezone.now() - datetime.timedelta(days=60),
        "closes_at": timezone.now() - datetime.timedelta(days=10),
        **fields,
    }
    return make_petition(slug=slug, **values)


def with_response(petition):
    petition.outcome = Petition.Outcome.LOST
    petition.response_text_en_gb = "The Government has no plans to hold an inquiry."
    petition.response_text_fa = "دولت برنامه‌ای برای برگزاری تحقیق ندارد."
    petition.response_by_en_gb = "Minister of State for the Middle East"
    petition.response_by_fa = "وزیر مشاور در امور خاورمیانه"
    petition.response_date = datetime.date(2026, 3, 4)
    petition.save()
    return petition


def visible_text(response):
    """The page's text as a reader sees it: tags removed, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split()).replace(" ,", ",")


def test_the_petition_page_shows_the_published_response_and_outcome(client):
    petition = with_response(make_closed("answered"))
    page = visible_text(client.get(petition.get_absolute_url()))
    assert "What came of it" in page
    assert "Lost" in page
    assert "The Government has no plans to hold an inquiry." in page
    assert "Minister of State for the Middle East, 4 March 2026" in page


def test_the_response_reads_in_persian_on_the_persian_page(client):
    petition = with_response(make_closed("answered"))
    page = client.get("/fa" + petition.get_absolute_url()).content.decode()
    assert "دولت برنامه‌ای برای برگزاری تحقیق ندارد." in page
    assert "وزیر مشاور در امور خاورمیانه" in page
    assert "به نتیجه نرسید" in page


def test_a_petition_without_outcome_or_response_shows_no_such_section(client):
    petition = make_petition()
    assert "What came of it" not in client.get(petition.get_absolute_url()).content.decode()


def test_the_closed_page_lists_closed_petitions_with_counts_and_outcomes_not_open_ones(client):
    answered = with_response(make_closed("answered"))
    signature_count_add(answered.pk, "GB", 1234)
    won = make_closed("won", title="Release the prisoners", outcome=Petition.Outcome.WON)
    make_petition(slug="still-open", title="Still collecting signatures")
    make_petition(slug="a-draft", title="Not yet published", status=Petition.Status.DRAFT)
    past_its_time = make_petition(
        slug="past-its-time", title="Ran out of time", closes_at=timezone.now() - datetime.timedelta(hours=1)
    )
    page = client.get("/petitions/closed/").content.decode()
    for petition in (answered, won, past_its_time):
        assert petition.get_absolute_url() in page
    assert "Still collecting signatures" not in page and "Not yet published" not in page
    assert "1,234 signatures" in page
    assert "The Government has no plans to hold an inquiry." in page
    assert "Won" in page and "Lost" in page


def test_the_closed_page_is_in_persian_too_and_linked_from_home(client):
    with_response(make_closed("answered"))
    page = client.get("/fa/petitions/closed/").content.decode()
    assert 'dir="rtl"' in page
    assert "دولت برنامه‌ای برای برگزاری تحقیق ندارد." in page
    assert 'href="/petitions/closed/"' in client.get("/").content.decode()
    assert 'href="/fa/petitions/closed/"' in client.get("/fa/").content.decode()


def test_the_closed_page_takes_a_constant_number_of_queries(client, django_assert_num_queries):
    for i in range(5):
        make_closed(f"closed-{i}", outcome=Petition.Outcome.DELIVERED)
    with django_assert_num_queries(3):  # site header, page count, petitions with their summed shards
        client.get("/petitions/closed/")


def test_no_petition_may_take_the_address_of_the_closed_list():
    petition = make_petition(slug="closed-ok")
    petition.slug = "closed"
    with pytest.raises(ValidationError, match="address of another page"):
        petition.full_clean()
