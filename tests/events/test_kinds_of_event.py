"""Kinds of event, each with its own wording; a date without a time, or with the time to be
announced, set in the admin; organiser and venue left out while unknown."""

import html
import re

import pytest

from events.models import Event

from .admin_forms import event_form

pytestmark = pytest.mark.django_db


def page_text(client, event, language=""):
    """The page as read: its words without the markup."""
    response = client.get(f"{language}{event.get_absolute_url()}")
    assert response.status_code == 200
    body = response.content.decode().split("<main", 1)[1]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", body)).split())


def new_event(editor_client, demo_event, **values):
    url, data, _prefixes = event_form(editor_client)
    data.update(
        {
            "campaign": str(demo_event.campaign_id),
            "title_en_gb": "Press conference on the executions",
            "title_fa": "نشست خبری دربارهٔ اعدام‌ها",
            "slug": "press-conference-executions",
            "status": "published",
            "summary_en_gb": "MPs spoke to the press.",
            "summary_fa": "نمایندگان با خبرنگاران گفتگو کردند.",
            "time_zone": "Europe/London",
            "format": "in_person",
        }
    )
    data.update(values)
    return editor_client.post(url, data)


def test_a_press_conference_on_a_date_with_the_time_to_be_announced(client, editor_client, demo_event):
    response = new_event(
        editor_client, demo_event, kind="press_conference", start_date="2027-03-04", time_shown="to_be_announced"
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get(slug="press-conference-executions")
    assert (event.start_time_is_known, event.time_to_be_announced, event.organiser) == (False, True, None)

    page = page_text(client, event)
    assert "Press conference · In person · " in page
    assert "Thursday 4 March 2027, time to be announced" in page
    assert "00:00" not in page
    assert "Who spoke to the press" in page
    assert "Organised by" not in page
    assert "VenueTo be announced" in page
    persian = page_text(client, event, "/fa")
    assert "نشست خبری" in persian and "00:00" not in persian and "۰۰:۰۰" not in persian


def test_an_exhibition_with_a_date_only_and_a_vigil_at_a_time(client, editor_client, demo_event):
    response = new_event(editor_client, demo_event, kind="exhibition", start_date="2027-05-01", time_shown="date_only")
    assert response.status_code == 302
    exhibition = Event.objects.get(slug="press-conference-executions")
    page = page_text(client, exhibition)
    assert "Exhibition · In person · Saturday 1 May 2027 " in page
    assert "Who took part in the exhibition" in page

    url, data, _prefixes = event_form(editor_client, exhibition)
    assert data["start_date"] == "01/05/2027" and data["time_shown"] == "date_only"
    data.update(kind="vigil", time_shown="known", start_time="18:30", venue="Outside Downing Street")
    assert editor_client.post(url, data).status_code == 302
    page = page_text(client, exhibition)
    assert "Saturday 1 May 2027, 18:30 BST" in page and "Who stood at the vigil" in page


def test_a_known_time_must_be_given(editor_client, demo_event):
    response = new_event(editor_client, demo_event, kind="briefing", start_date="2027-03-04", time_shown="known")
    assert response.status_code == 200
    assert "Give the time, or choose" in response.content.decode()
    assert not Event.objects.filter(slug="press-conference-executions").exists()
