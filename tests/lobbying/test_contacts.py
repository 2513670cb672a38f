"""Contacts logged from the whip count show as the last contact and the next step."""

import datetime

from django.urls import reverse
from django.utils import timezone

from lobbying.models import ContactLog, Stance


def contact_url(ask, person, filters=""):
    url = reverse("admin:lobbying_whip_count_contact", args=[ask.pk, person.pk])
    return f"{url}?filters={filters}" if filters else url


def test_a_logged_contact_shows_with_its_next_step_and_may_change_the_stance(parliament, lobbyist, lobbyist_client):
    ask, mp = parliament["ask"], parliament["mps"][3]
    today = timezone.localdate()
    response = lobbyist_client.post(
        contact_url(ask, mp),
        {
            "contacted_on": today.isoformat(),
            "channel": "meeting",
            "note": "Sympathetic; wants a briefing.",
            "next_step": "Send the briefing",
            "next_step_on": (today + datetime.timedelta(days=3)).isoformat(),
            "stance": "leaning",
        },
    )
    assert response.status_code == 302
    contact = ContactLog.objects.get()
    assert (contact.person, contact.recommendation, contact.by, contact.channel) == (mp, ask, lobbyist, "meeting")
    assert Stance.objects.get(person=mp, recommendation=ask).stance == "leaning"
    page = lobbyist_client.get(response["Location"]).content.decode()
    assert "Send the briefing" in page
    assert f"Contact with {mp.full_name} logged." in page


def test_a_next_step_date_without_a_next_step_is_a_field_error(parliament, lobbyist_client):
    ask, mp = parliament["ask"], parliament["mps"][0]
    response = lobbyist_client.post(
        contact_url(ask, mp),
        {"contacted_on": timezone.localdate().isoformat(), "channel": "phone", "next_step_on": "2099-01-01"},
    )
    assert response.status_code == 200
    assert "Say what the next step is." in response.content.decode()
    assert not ContactLog.objects.exists()


def test_a_contact_cannot_be_dated_in_the_future(parliament, lobbyist_client):
    ask, mp = parliament["ask"], parliament["mps"][0]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = lobbyist_client.post(contact_url(ask, mp), {"contacted_on": tomorrow.isoformat(), "channel": "email"})
    assert response.status_code == 200
    assert "A contact cannot be in the future" in response.content.decode()
    assert not ContactLog.objects.exists()


def test_the_contact_page_lists_earlier_contacts(parliament, lobbyist, lobbyist_client):
    ask, peer = parliament["ask"], parliament["peers"][0]
    ContactLog.objects.create(
        person=peer, recommendation=None, contacted_on=datetime.date(2026, 5, 1), channel="letter", by=lobbyist,
        note="Wrote about the campaign as a whole.",
    )  # fmt: skip
    page = lobbyist_client.get(contact_url(ask, peer)).content.decode()
    assert "Wrote about the campaign as a whole." in page
