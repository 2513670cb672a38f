import pytest
from django.test import Client

from tests.conftest import make_staff_user

from .factories import make_asks, make_parliament


@pytest.fixture
def lobbyist(db, django_user_model):
    """Outreach staff: the group that lobbies."""
    return make_staff_user(django_user_model, "lobbyist", "Outreach")


@pytest.fixture
def lobbyist_client(lobbyist):
    client = Client()
    client.force_login(lobbyist)
    return client


@pytest.fixture
def parliament(db):
    """12 MPs (4 parties in turn) and 10 Peers (5 parties in turn), and one ask."""
    commons, lords, parties, mps, peers = make_parliament(12, 10)
    (ask,) = make_asks(1)
    return {"commons": commons, "lords": lords, "parties": parties, "mps": mps, "peers": peers, "ask": ask}
