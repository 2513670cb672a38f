"""The admin lists constituencies and postcodes for reading: found by name, code or postcode, never edited."""

import pytest
from django.urls import reverse

from constituencies.models import Constituency, PostcodeConstituency

from .factories import load_test_directory

pytestmark = pytest.mark.django_db


def test_staff_find_a_postcode_as_they_type_it(outreach_client):
    load_test_directory()
    page = outreach_client.get(reverse("admin:constituencies_postcodeconstituency_changelist"), {"q": "ba1 9rb"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Frome and East Somerset" in text and "Bath" in text and "SW1A0AA" not in text


def test_staff_find_a_constituency_by_name_or_code(editor_client):
    load_test_directory()
    url = reverse("admin:constituencies_constituency_changelist")
    assert "Islington North" in editor_client.get(url, {"q": "islington"}).content.decode()
    assert "Cardiff South and Penarth" in editor_client.get(url, {"q": "W07000087"}).content.decode()


def test_nobody_edits_what_the_directory_loads(admin_client):
    load_test_directory()
    bath = Constituency.objects.get(name="Bath")
    assert admin_client.get(reverse("admin:constituencies_constituency_add")).status_code == 403
    page = admin_client.post(
        reverse("admin:constituencies_constituency_change", args=[bath.pk]), {"name": "Renamed", "ons_code": "X"}
    )
    assert page.status_code == 403
    assert Constituency.objects.get(pk=bath.pk).name == "Bath"
    postcode = PostcodeConstituency.objects.first()
    assert (
        admin_client.post(
            reverse("admin:constituencies_postcodeconstituency_delete", args=[postcode.pk]), {"post": "yes"}
        ).status_code
        == 403
    )


def test_the_public_cannot_read_them(client):
    assert client.get(reverse("admin:constituencies_constituency_changelist")).status_code == 302
