"""The whip count and its index ask the database a fixed number of queries, whether Parliament has
20 members or 650 MPs and 800 Peers with 20 asks."""

import datetime
import itertools

import pytest
from django.urls import reverse

from backing.models import Backing
from lobbying.models import ContactLog, Stance
from tests.lobbying.factories import make_asks, make_parliament

WHIP_COUNT_QUERIES = 10
INDEX_QUERIES = 8


@pytest.fixture(params=[(12, 8, 1), (650, 800, 20)], ids=["20 members", "1450 members and 20 asks"])
def sized_parliament(request, db, lobbyist):
    mps_count, peers_count, asks_count = request.param
    _, _, _, mps, peers = make_parliament(mps_count, peers_count)
    asks = make_asks(asks_count)
    members = mps + peers
    stances = itertools.cycle(Stance.Position.values)
    Stance.objects.bulk_create(
        Stance(person=person, recommendation=ask, stance=next(stances))
        for ask in asks[:3]
        for person in members[: len(members) * 2 // 3]
    )
    day = datetime.date(2026, 11, 1)
    ContactLog.objects.bulk_create(
        ContactLog(
            person=person,
            recommendation=asks[0] if i % 2 else None,
            contacted_on=day - datetime.timedelta(days=i % 30),
            channel="email",
            by=lobbyist,
            next_step="Follow up",
            next_step_on=day,
        )
        for i, person in enumerate(members[::2] * 2)
    )
    Backing.objects.bulk_create(
        Backing(person=person, recommendation=asks[0], how=Backing.How.SIGNED_STATEMENT) for person in members[:5]
    )
    return asks[0], len(members)


def test_the_whip_count_asks_a_fixed_number_of_queries(sized_parliament, lobbyist_client, django_assert_num_queries):
    ask, members = sized_parliament
    url = reverse("admin:lobbying_whip_count", args=[ask.pk])
    lobbyist_client.get(url)  # the session and the permissions' caches warm alike at both sizes
    with django_assert_num_queries(WHIP_COUNT_QUERIES):
        response = lobbyist_client.get(url)
    assert response.context["grand_total"] == members


def test_a_filtered_whip_count_asks_as_many(sized_parliament, lobbyist_client, django_assert_num_queries):
    ask, _ = sized_parliament
    url = reverse("admin:lobbying_whip_count", args=[ask.pk])
    with django_assert_num_queries(WHIP_COUNT_QUERIES):
        response = lobbyist_client.get(url, {"stance": "undecided", "contacted": "yes", "p": "2"})
    assert response.status_code == 200


def test_the_index_asks_a_fixed_number_of_queries(sized_parliament, lobbyist_client, django_assert_num_queries):
    _, members = sized_parliament
    with django_assert_num_queries(INDEX_QUERIES):
        response = lobbyist_client.get(reverse("admin:lobbying_whip_count_index"))
    assert response.context["total"] == members
