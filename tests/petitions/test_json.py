import pytest
from django.urls import reverse

from petitions.services import signature_confirm, signature_submit

from .factories import make_petition

pytestmark = pytest.mark.django_db


def test_the_json_gives_count_by_country_and_when_it_changed(client):
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
    with django_assert_num_queries(3) as captured:  # site header, petition with summed shards, recommendations
        page = client.get(petition.get_absolute_url())
    assert not any("COUNT(" in query["sql"].upper() for query in captured.captured_queries)
    assert '<strong class="fs-4 signature-count">30</strong>' in page.content.decode()
