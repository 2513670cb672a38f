import re

import pytest
from django.core.cache import caches
from django.test import Client
from django.utils import translation

from petitions.services import signature_confirm, signature_submit

from .factories import make_petition

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def cached(settings):
    settings.PETITION_PAGE_CACHE_SECONDS = 60
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def test_each_visitor_of_a_cached_page_gets_a_working_token_of_their_own(cached, django_assert_num_queries):
    petition = make_petition()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    page_one = first.get(petition.get_absolute_url()).content.decode()
    with django_assert_num_queries(0):  # the whole page comes from the cache
        page_two = second.get(petition.get_absolute_url()).content.decode()
    token_one, token_two = TOKEN.search(page_one).group(1), TOKEN.search(page_two).group(1)
    assert token_one != token_two and "placeholder" not in page_two
    response = second.post(
        f"{petition.get_absolute_url()}sign/",
        {"csrfmiddlewaretoken": token_two, "name": "Ada Lovelace", "email": "ada@example.org", "country": "GB"},
    )
    assert response.status_code == 302


def test_the_cached_count_is_refreshed_when_the_copy_expires(cached, settings):
    petition = make_petition()
    client = Client()
    assert 'signature-count">0<' in client.get(petition.get_absolute_url()).content.decode()
    signature_confirm(signature_submit(petition=petition, name="Ada L", email="a@example.org", country="GB"))
    assert 'signature-count">0<' in client.get(petition.get_absolute_url()).content.decode()  # still the copy
    caches["pages"].clear()  # as when PETITION_PAGE_CACHE_SECONDS have passed
    assert 'signature-count">1<' in client.get(petition.get_absolute_url()).content.decode()


def test_visitors_with_a_session_get_a_fresh_page(cached, admin_client):
    petition = make_petition()
    Client().get(petition.get_absolute_url())  # fills the cache
    signature_confirm(signature_submit(petition=petition, name="Ada L", email="a@example.org", country="GB"))
    assert 'signature-count">1<' in admin_client.get(petition.get_absolute_url()).content.decode()


def test_one_visitors_host_and_query_string_never_reach_another(cached, settings):
    settings.SITE_URL = "https://campaign.example.org"
    settings.ALLOWED_HOSTS = [".example.org"]  # the site answers to every name under its domain
    petition = make_petition()
    first = Client().get(f"{petition.get_absolute_url()}?ref=evil", HTTP_HOST="attacker-chosen.example.org")
    second = Client().get(petition.get_absolute_url(), HTTP_HOST="campaign.example.org")
    canonical = f"https://campaign.example.org{petition.get_absolute_url()}"
    for page in (first.content.decode(), second.content.decode()):
        assert "attacker-chosen" not in page
        assert f'<link rel="canonical" href="{canonical}">' in page
        assert f'<meta property="og:url" content="{canonical}">' in page
    assert "evil" not in second.content.decode()  # (the first visitor's own page keeps it in the switcher)


def test_a_copy_in_one_language_is_not_served_in_another(cached):
    petition = make_petition()
    assert 'signature-count">0<' in Client().get(petition.get_absolute_url()).content.decode()
    signature_confirm(signature_submit(petition=petition, name="Ada L", email="a@example.org", country="GB"))
    with translation.override("fa"):
        # A fresh copy, in Persian digits.
        assert 'signature-count">۱<' in Client().get(petition.get_absolute_url()).content.decode()
    assert 'signature-count">0<' in Client().get(petition.get_absolute_url()).content.decode()  # the first one
