"""The signing limit per email domain counts by registered domain, in the real Redis, and
addresses at IP literals are refused."""

import socket

import pytest
from django.test import Client
from django.urls import reverse

from petitions.email_addresses import public_suffix_list, registrable_domain
from petitions.models import Signature

from .factories import make_petition, signing_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def petition(settings):
    settings.SIGNING_RATE_PER_DOMAIN = "2/h"
    return make_petition()


def sign_from(address, petition, email):
    client = Client(REMOTE_ADDR=address)  # a new address each time: only the domain limit applies
    return client.post(reverse("petitions:sign", args=[petition.slug]), signing_form(email=email)).status_code


def test_subdomains_share_their_registered_domains_counter(petition):
    emails = ["a@a.dom.example", "b@b.dom.example", "c@dom.example", "d@x.y.dom.example"]
    statuses = [sign_from(f"10.0.0.{i}", petition, email) for i, email in enumerate(emails)]
    assert statuses == [302, 302, 429, 429]
    assert sign_from("10.0.1.1", petition, "e@other.example") == 302  # another owner, another counter


def test_domains_under_a_two_label_suffix_are_told_apart(petition):
    statuses = [sign_from(f"10.0.0.{i}", petition, f"p{i}@mail{i}.example.co.uk") for i in range(3)]
    assert statuses == [302, 302, 429]
    assert sign_from("10.0.1.1", petition, "q@another.co.uk") == 302


def test_names_under_a_large_provider_are_limited_though_the_provider_is_not(petition):
    statuses = [sign_from(f"10.0.0.{i}", petition, f"x@sub{i}.gmail.com") for i in range(3)]
    assert statuses == [302, 302, 429]
    assert all(sign_from(f"10.0.1.{i}", petition, f"person{i}@gmail.com") == 302 for i in range(3))


@pytest.mark.parametrize("email", ["user@[1.2.3.4]", "user@1.2.3.4", "user@10.0.0.44", "user@[IPv6:2001:db8::1]"])
def test_an_address_at_an_ip_literal_is_refused_with_a_clear_message(client, petition, email):
    response = client.post(reverse("petitions:sign", args=[petition.slug]), signing_form(email=email))
    assert response.status_code == 400
    assert "Please use an address at a domain name (such as example.org), not at an IP address." in (
        response.content.decode()
    )
    assert Signature.objects.count() == 0


def test_the_public_suffix_list_is_read_from_the_package_without_the_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the public suffix list tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    public_suffix_list.cache_clear()
    try:
        assert registrable_domain("a.b.dom.example") == "dom.example"
        assert registrable_domain("mail.example.co.uk") == "example.co.uk"
        assert registrable_domain("co.uk") == "co.uk"
        assert registrable_domain("[1.2.3.4]") == "[1.2.3.4]"
    finally:
        public_suffix_list.cache_clear()
