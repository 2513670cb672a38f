"""The client's address behind trusted reverse proxies: unit tests of the rule, the admin lockout,
and signing through a real nginx."""

import re

import pytest
import requests
from django.test import Client
from django.urls import reverse
from requests.adapters import HTTPAdapter

from campaign.proxies import client_address
from petitions.models import Signature
from tests.petitions.factories import make_petition, signing_form
from tests.services import NginxProxy


@pytest.mark.parametrize(
    ("remote", "forwarded", "count", "proxies", "expected"),
    [
        # Nothing configured: the header is ignored, whatever it says.
        ("127.0.0.1", "203.0.113.7", 0, [], "127.0.0.1"),
        # One proxy: the address it appended, not what the client put before it.
        ("127.0.0.1", "203.0.113.7", 1, [], "203.0.113.7"),
        ("127.0.0.1", "6.6.6.6, 203.0.113.7", 1, [], "203.0.113.7"),
        ("127.0.0.1", " 6.6.6.6 ,203.0.113.7 ", 1, [], "203.0.113.7"),
        # Two proxies (a load balancer, then nginx).
        ("127.0.0.1", "6.6.6.6, 203.0.113.7, 10.0.0.5", 2, [], "203.0.113.7"),
        # Fewer entries than proxies: the farthest address any of them saw.
        ("127.0.0.1", "203.0.113.7", 3, [], "203.0.113.7"),
        # No header at all behind a proxy: the proxy's own address.
        ("127.0.0.1", None, 1, [], "127.0.0.1"),
        ("127.0.0.1", "", 1, [], "127.0.0.1"),
        # A malformed entry where the client's should be is ignored: the walk stops before it.
        ("127.0.0.1", "not-an-ip", 1, [], "127.0.0.1"),
        ("127.0.0.1", "203.0.113.7, unknown", 2, [], "127.0.0.1"),
        ("127.0.0.1", "1.2.3.4:5678", 1, [], "127.0.0.1"),
        # IPv6.
        ("::1", "2001:db8::7", 1, [], "2001:db8::7"),
        ("::1", "2001:0db8:0000::0007", 1, [], "2001:db8::7"),
        # Trusted by address: every trusted hop is passed over, the first other one is the client.
        ("10.0.0.2", "6.6.6.6, 203.0.113.7, 10.0.0.9", 0, ["10.0.0.0/8"], "203.0.113.7"),
        ("10.0.0.2", "203.0.113.7", 0, ["10.0.0.2"], "203.0.113.7"),
        # A request that did not come through a trusted proxy: its header is the client's own words.
        ("192.0.2.1", "203.0.113.7", 0, ["10.0.0.0/8"], "192.0.2.1"),
    ],
)
def test_the_client_address_is_the_one_the_last_trusted_proxy_saw(remote, forwarded, count, proxies, expected):
    assert client_address(remote, forwarded, proxy_count=count, proxies=proxies) == expected


def sign(client, petition, **overrides):
    return client.post(reverse("petitions:sign", args=[petition.slug]), signing_form(**overrides))


@pytest.mark.django_db
def test_a_signature_records_the_client_address_from_a_trusted_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    petition = make_petition()
    sign(Client(REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="203.0.113.7"), petition, email="a@example.org")
    sign(Client(REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="203.0.113.8"), petition, email="b@example.org")
    recorded = dict(Signature.objects.values_list("email", "ip_address"))
    assert recorded == {"a@example.org": "203.0.113.7", "b@example.org": "192.0.2.1"}


def log_in(address, password):
    """The staff login's password step, through the proxy from `address`: True when it let them in."""
    client = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address)
    client.post(
        reverse("two_factor:login"),
        {"login_view-current_step": "auth", "auth-username": "editor", "auth-password": password},
    )
    return "_auth_user_id" in client.session and client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_wrong_passwords_through_the_proxy_lock_out_that_client_only(settings, editor):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        assert not log_in("198.51.100.1", "wrong password")
    assert not log_in("198.51.100.1", "correct horse battery")  # locked out
    assert log_in("198.51.100.2", "correct horse battery")  # the editor at their own desk is not


class SourceAddressAdapter(HTTPAdapter):
    """Connections from a chosen loopback address, so nginx sees two different clients."""

    def __init__(self, source, **kwargs):
        self.source = source
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


class Visitor:
    def __init__(self, source, base_url):
        self.session = requests.Session()
        self.session.mount("http://", SourceAddressAdapter(source))
        self.base_url = base_url

    def sign(self, petition, email, forwarded_for=None):
        page = self.session.get(self.base_url + petition.get_absolute_url(), timeout=10)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
        response = self.session.post(
            f"{self.base_url}{petition.get_absolute_url()}sign/",
            {**signing_form(email=email), "csrfmiddlewaretoken": token},
            headers=headers,
            allow_redirects=False,
            timeout=10,
        )
        return response.status_code


@pytest.fixture
def nginx(live_server):
    with NginxProxy(live_server.url) as proxy:
        yield proxy


def recorded_addresses():
    return sorted(Signature.objects.values_list("ip_address", flat=True))


def test_behind_nginx_each_client_has_its_own_address_and_limit(transactional_db, nginx, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.SIGNING_RATE_PER_IP = "2/h"
    petition = make_petition()
    first, second = Visitor("127.0.0.2", nginx.url), Visitor("127.0.0.3", nginx.url)
    # The first visitor claims another address in the header; nginx appends the real one.
    assert first.sign(petition, "one@example.org", forwarded_for="203.0.113.66") == 302
    assert first.sign(petition, "two@example.org") == 302
    assert first.sign(petition, "three@example.org") == 429  # the first visitor's limit
    assert second.sign(petition, "four@example.org") == 302  # not the second's
    assert recorded_addresses() == ["127.0.0.2", "127.0.0.2", "127.0.0.3"]


def test_behind_nginx_without_the_setting_the_forwarded_header_is_ignored(transactional_db, nginx, settings):
    settings.SIGNING_RATE_PER_IP = "2/h"
    petition = make_petition()
    first, second = Visitor("127.0.0.2", nginx.url), Visitor("127.0.0.3", nginx.url)
    assert first.sign(petition, "one@example.org", forwarded_for="203.0.113.1") == 302
    assert second.sign(petition, "two@example.org", forwarded_for="203.0.113.2") == 302
    assert first.sign(petition, "three@example.org", forwarded_for="203.0.113.3") == 429  # one shared counter
    assert recorded_addresses() == ["127.0.0.1", "127.0.0.1"]  # nginx's own address
