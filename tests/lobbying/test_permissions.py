"""Stances and contact notes are the campaign's own: staff without the whip-count permission get
403, and nothing of them reaches a public page or the open API."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from lobbying.models import ContactLog, Stance
from outreach.models import Audience

SECRET_NOTE = "Privately wavering; keep this out of the papers"
SECRET_NEXT_STEP = "Lunch with the whip's office"


@pytest.fixture
def whip_data(parliament, lobbyist):
    ask, mp = parliament["ask"], parliament["mps"][0]
    Stance.objects.create(person=mp, recommendation=ask, stance="leaning", note=SECRET_NOTE)
    ContactLog.objects.create(
        person=mp, recommendation=ask, contacted_on="2026-11-01", channel="meeting", by=lobbyist,
        note=SECRET_NOTE, next_step=SECRET_NEXT_STEP,
    )  # fmt: skip
    return parliament


def whip_urls(ask, person):
    return {
        "index": reverse("admin:lobbying_whip_count_index"),
        "count": reverse("admin:lobbying_whip_count", args=[ask.pk]),
        "contact": reverse("admin:lobbying_whip_count_contact", args=[ask.pk, person.pk]),
        "stances": reverse("admin:lobbying_stance_changelist"),
        "contacts": reverse("admin:lobbying_contactlog_changelist"),
    }


def test_staff_without_the_permission_get_403_everywhere(whip_data, editor_client):
    ask, mp = whip_data["ask"], whip_data["mps"][0]
    for name, url in whip_urls(ask, mp).items():
        assert editor_client.get(url).status_code == 403, name
    posts = {
        reverse("admin:lobbying_whip_count_stance", args=[ask.pk]): {"person": mp.pk, "stance": "opposed"},
        reverse("admin:lobbying_whip_count_contact", args=[ask.pk, mp.pk]): {
            "contacted_on": "2026-11-02", "channel": "email",
        },
        reverse("admin:lobbying_whip_count_audience", args=[ask.pk]): {"filters": ""},
    }  # fmt: skip
    for url, data in posts.items():
        assert editor_client.post(url, data).status_code == 403, url
    assert Stance.objects.get().stance == "leaning"
    assert ContactLog.objects.count() == 1
    assert not Audience.objects.exists()
    assert "Lobbying" not in editor_client.get(reverse("admin:index")).content.decode()


def test_the_lobbying_group_may_see_and_use_the_whip_count(whip_data, lobbyist_client):
    ask, mp = whip_data["ask"], whip_data["mps"][0]
    for name, url in whip_urls(ask, mp).items():
        assert lobbyist_client.get(url).status_code == 200, name
    assert "Lobbying" in lobbyist_client.get(reverse("admin:index")).content.decode()


def test_seeing_the_whip_count_does_not_allow_changing_it(whip_data, django_user_model):
    ask, mp = whip_data["ask"], whip_data["mps"][0]
    reader = django_user_model.objects.create_user(username="reader", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_whip_count"))
    client = Client()
    client.force_login(reader)
    page = client.get(reverse("admin:lobbying_whip_count", args=[ask.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="stance"' not in html.split("whip-list")[1]  # no quick edit in the list
    assert "Make an outreach audience" not in html
    response = client.post(
        reverse("admin:lobbying_whip_count_stance", args=[ask.pk]), {"person": mp.pk, "stance": "opposed"}
    )
    assert response.status_code == 403
    assert Stance.objects.get().stance == "leaning"


def test_the_model_permissions_alone_do_not_open_stances(whip_data, django_user_model):
    """A user given "view stance" by hand, without the whip-count permission, still sees nothing."""
    user = django_user_model.objects.create_user(username="halfway", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_stance", "view_contactlog"]))
    client = Client()
    client.force_login(user)
    assert client.get(reverse("admin:lobbying_stance_changelist")).status_code == 403
    assert client.get(reverse("admin:lobbying_contactlog_changelist")).status_code == 403


def test_nothing_of_stances_or_notes_reaches_the_public_or_the_open_api(whip_data, client):
    ask = whip_data["ask"]
    urls = ["/", "/fa/", "/api/v1/", "/api/v1/asks/", f"/api/v1/asks/{ask.slug}/", "/api/v1/motions/"]
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert SECRET_NOTE not in body, url
        assert SECRET_NEXT_STEP not in body, url
        assert "leaning" not in body.lower() and "whip" not in body.lower(), url
    # The schema of the open API names no lobbying field either.
    schema = client.get("/api/v1/schema/").content.decode()
    assert "stance" not in schema.lower() and "contactlog" not in schema.lower()
