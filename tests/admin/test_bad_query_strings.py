"""Bad values in an admin address get a clear message, never a server error."""

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.messages import get_messages
from django.urls import reverse

from outreach.models import Mailing
from tests.outreach.factories import make_mailing, make_supporters

pytestmark = pytest.mark.django_db

SIGNATURES = "/admin/petitions/signature/"


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def assert_refused_with_a_message(response, changelist_url, *expected):
    """The whole list again (Django's ?e=1), with a message naming what could not be applied."""
    assert response.status_code == 302, response.status_code
    assert response["Location"] == f"{changelist_url}?e=1"
    (message,) = messages_of(response)
    assert message.startswith("This list could not be shown")
    assert message.endswith("The whole list is shown instead.")
    for text in expected:
        assert text in message
    return message


def test_an_address_that_is_not_an_ip_gets_a_message_not_a_500(admin_client):
    AccessAttempt.objects.create(username="someone", ip_address="203.0.113.7", failures_since_start=1)
    url = "/admin/axes/accessattempt/"
    response = admin_client.get(url, {"ip_address": "notanip"})
    assert_refused_with_a_message(
        response, url, "by “ip_address=notanip”", "'notanip' does not appear to be an IPv4 or IPv6 address."
    )
    page = admin_client.get(response["Location"])
    assert page.status_code == 200
    assert "someone" in page.content.decode()
    assert "does not appear to be an IPv4 or IPv6 address" in page.content.decode()


def test_a_filter_on_masked_personal_data_is_refused_with_a_message(admin_client):
    # The signatures list masks IP addresses, so it may not be filtered by one (it would spell it out).
    response = admin_client.get(SIGNATURES, {"ip_address": "notanip"})
    assert_refused_with_a_message(
        response, SIGNATURES, "by “ip_address=notanip”", "Filtering by ip_address not allowed"
    )


def test_a_filter_django_catches_itself_is_explained_too(admin_client):
    response = admin_client.get(SIGNATURES, {"created_at__gte": "2020-13-45"})
    assert_refused_with_a_message(response, SIGNATURES, "by “created_at__gte=2020-13-45”")


@pytest.mark.django_db(transaction=True)
def test_a_value_the_database_refuses_gets_a_message_not_a_500(admin_client):
    # PostgreSQL itself refuses this regular expression.
    response = admin_client.get(SIGNATURES, {"name__regex": "("})
    assert_refused_with_a_message(response, SIGNATURES, "by “name__regex=(”")
    assert admin_client.get(response["Location"]).status_code == 200  # the connection is still good


@pytest.mark.parametrize("asked", ["²", "٣", "1e3", "-1", "99999999999999999999999", "0"])
def test_the_mailing_preview_takes_only_a_real_person_number(outreach_client, asked):
    make_supporters(2)
    mailing = make_mailing()
    response = outreach_client.get(reverse("admin:outreach_mailing_preview", args=[mailing.pk]), {"person": asked})
    assert response.status_code == 200
    assert f"There is no person number “{asked}”" in response.content.decode()
    assert "Dear Sam0 Supporter0," in response.content.decode()  # the first of the audience instead
    assert Mailing.objects.count() == 1


JUNK = ["notanip", "²", "\x00"]


def registered_changelists():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


# Transactional: some junk is refused by PostgreSQL itself (a NUL in JSON, say), which ends the
# transaction a test would otherwise run in; the app, in autocommit, goes on.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("model", "model_admin"), registered_changelists(), ids=lambda value: getattr(value, "__name__", "")
)
def test_junk_in_any_filter_of_any_changelist_is_never_a_500(admin_client, model, model_admin):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    plain = admin_client.get(url)
    assert plain.status_code == 200
    parameters = {name for spec in plain.context["cl"].filter_specs for name in spec.expected_parameters()}
    parameters |= {field.name for field in model._meta.concrete_fields}
    for name in sorted(parameters):
        for junk in JUNK:
            admin_client.cookies.pop("messages", None)  # only this request's message
            response = admin_client.get(url, {name: junk})
            assert response.status_code in (200, 302), (name, junk, response.status_code)
            if response.status_code == 302:
                assert_refused_with_a_message(response, url)
