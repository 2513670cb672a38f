import re

import pytest
from django.core.cache import caches
from django.test import Client

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
