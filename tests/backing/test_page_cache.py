"""Anonymous visitors share a copy of a cross-party page for BACKING_PAGE_CACHE_SECONDS; staff see edits at once."""

import pytest
from django.core.cache import caches

from backing.models import Backing
from recommendations.models import Recommendation

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings):
    settings.BACKING_PAGE_CACHE_SECONDS = 60
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def test_visitors_get_the_cached_copy_until_it_expires_and_staff_a_fresh_page(client, admin_client, demo_event, cached):
    ask = Recommendation.objects.filter(backings__isnull=False).distinct().first()
    url = f"/asks/{ask.slug}/"
    first = client.get(url)
    assert first.status_code == 200
    backer = Backing.objects.filter(recommendation=ask).select_related("person").first()
    Backing.objects.filter(recommendation=ask, person=backer.person).update(has_withdrawn=True)
    assert client.get(url).content == first.content  # the copy, for at most a minute
    assert admin_client.get(url).content != first.content  # a visitor with a session: the page as it is now
    caches["pages"].clear()
    assert client.get(url).content != first.content


def test_an_unknown_ask_is_not_cached_as_a_page(client, cached):
    assert client.get("/asks/no-such-ask/").status_code == 404
