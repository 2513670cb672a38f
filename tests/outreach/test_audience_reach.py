"""An audience's reach, with who it leaves out and why, as the criteria change and before saving."""

import pytest
from django.urls import reverse

from people.models import Legislature, ParliamentaryRole, Party, Person

from .factories import make_supporters

pytestmark = pytest.mark.django_db


def test_the_reach_follows_the_criteria_before_the_audience_is_saved(outreach_client):
    make_supporters(4, country="GB")
    make_supporters(2, prefix="irish", country="IE")
    url = reverse("admin:outreach_audience_reach")
    everyone = outreach_client.get(url, {"kind": "supporters"}).content.decode()
    assert "6 recipients now" in everyone
    irish = outreach_client.get(url, {"kind": "supporters", "countries": ["IE"]}).content.decode()
    assert "2 recipients now" in irish


def test_parliamentarians_left_out_say_why(outreach_client):
    commons = Legislature.objects.create(name="House of Commons", slug="commons", kind="lower", member_title="MP")
    party = Party.objects.create(name="Conservative")
    for i, (email, current) in enumerate(
        [("a@parliament.example", True), (None, True), ("b@parliament.example", False), ("c@parliament.example", True)]
    ):
        person = Person.objects.create(family_name=f"Member{i}", email=email)
        ParliamentaryRole.objects.create(person=person, legislature=commons, party=party, is_current=current)
    Person.objects.filter(email="c@parliament.example").update(email_consent=Person.EmailConsent.UNSUBSCRIBED)
    data = {"kind": "parliamentarians", "legislatures": [commons.pk], "standing": "current"}
    page = outreach_client.get(reverse("admin:outreach_audience_reach"), data).content.decode()
    assert "1 recipient now" in page
    assert "1 without an email address" in page and "1 unsubscribed" in page
    assert "1 former member (current only)" in page


def test_junk_in_the_criteria_is_ignored_not_a_500(outreach_client):
    page = outreach_client.get(
        reverse("admin:outreach_audience_reach"), {"kind": "x", "tags": ["²", "1;drop"], "countries": ["<script>"]}
    )
    assert page.status_code == 200


def test_editors_cannot_read_reach(editor_client):
    assert editor_client.get(reverse("admin:outreach_audience_reach"), {"kind": "supporters"}).status_code == 403
