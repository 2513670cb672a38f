import datetime

import pytest
from django.urls import reverse

from petitions.services import signature_confirm, signature_count_add, signature_submit

from .factories import make_petition

pytestmark = pytest.mark.django_db


def test_the_json_gives_count_by_country_and_when_it_changed(client, settings):
    settings.PUBLIC_COUNTRY_MIN_SIGNATURES = 1
    petition = make_petition(signature_goal=500)
    for i, country in enumerate(["GB", "GB", "IE", "FR"]):
        signature = signature_submit(petition=petition, name=f"Signer {i}", email=f"s{i}@example.org", country=country)
        if i < 3:
            signature_confirm(signature)  # the French signer has not confirmed: not counted
    response = client.get(reverse("petitions:json", args=[petition.slug]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=5"
    assert response["Access-Control-Allow-Origin"] == "*"  # widgets on other sites can read it
    data = response.json()
    assert data["signature_count"] == 3
    assert data["signatures_by_country"] == {"GB": 2, "IE": 1}
    assert data["signature_goal"] == 500
    assert data["status"] == "open"
    assert data["url"].endswith(f"/petitions/{petition.slug}/")
    assert data["updated_at"]


def test_the_json_of_an_unknown_petition_is_a_404(client):
    assert client.get("/petitions/no-such-petition.json").status_code == 404


def test_showing_a_petition_counts_no_signature_rows(client, django_assert_num_queries):
    petition = make_petition()
    for i in range(30):
        signature_confirm(signature_submit(petition=petition, name=f"S {i}", email=f"s{i}@e.org", country="GB"))
    # Site header, petition with summed shards, recommendations, milestones, events.
    with django_assert_num_queries(5) as captured:
        page = client.get(petition.get_absolute_url())
    assert not any("COUNT(" in query["sql"].upper() for query in captured.captured_queries)
    assert '<strong class="fs-4 signature-count">30</strong>' in page.content.decode()


def public_json(client, petition):
    return client.get(reverse("petitions:json", args=[petition.slug])).json()


def test_countries_with_few_signatures_are_summed_as_other(client, settings):
    settings.PUBLIC_COUNTRY_MIN_SIGNATURES = 10
    petition = make_petition()
    for country, count in [("GB", 25), ("IE", 10), ("FR", 9), ("IR", 2), ("LT", 1)]:
        signature_count_add(petition.pk, country, count)
    data = public_json(client, petition)
    assert data["signatures_by_country"] == {"GB": 25, "IE": 10, "other": 12}
    assert data["signature_count"] == 47


def test_with_only_small_countries_there_is_only_other(client, settings):
    settings.PUBLIC_COUNTRY_MIN_SIGNATURES = 10
    petition = make_petition()
    for i, country in enumerate(["GB", "IR", "IR"]):
        signature_confirm(
            signature_submit(petition=petition, name=f"Signer {i}", email=f"s{i}@example.org", country=country)
        )
    data = public_json(client, petition)
    assert data["signatures_by_country"] == {"other": 3}
    assert "IR" not in str(data)


def test_the_time_of_the_last_change_is_given_to_the_minute(client):
    petition = make_petition()
    signature_confirm(signature_submit(petition=petition, name="Ada Lovelace", email="a@example.org", country="GB"))
    updated_at = datetime.datetime.fromisoformat(public_json(client, petition)["updated_at"])
    assert (updated_at.second, updated_at.microsecond) == (0, 0)
    assert datetime.timedelta(0) <= datetime.datetime.now(datetime.UTC) - updated_at < datetime.timedelta(minutes=2)
