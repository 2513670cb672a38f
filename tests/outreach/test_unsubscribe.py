import pytest
from django.core import signing
from django.test import Client

from outreach import services
from outreach.tokens import UNSUBSCRIBE_SALT, make_unsubscribe_token
from people.models import Person

from .factories import make_mailing, make_supporters, schedule_now

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return make_supporters(1)[0]


def url(token):
    return f"/email/unsubscribe/{token}/"


def consent(person):
    person.refresh_from_db()
    return person.email_consent


def test_the_link_asks_first_and_unsubscribes_on_the_button(client, person):
    token = make_unsubscribe_token(person.pk)
    page = client.get(url(token))
    assert page.status_code == 200 and "Stop campaign email to supporter0@example.org?" in page.content.decode()
    assert consent(person) == Person.EmailConsent.SUBSCRIBED  # a link scanner's GET changes nothing
    done = client.post(url(token), {"action": "unsubscribe"}).content.decode()
    assert "You are unsubscribed" in done and "Keep me on the list" in done
    assert consent(person) == Person.EmailConsent.UNSUBSCRIBED
    assert person.consent_changes.first().source == "Unsubscribe link"


def test_the_page_offers_to_resubscribe(client, person):
    token = make_unsubscribe_token(person.pk)
    client.post(url(token), {"action": "unsubscribe"})
    assert "Welcome back" in client.post(url(token), {"action": "resubscribe"}).content.decode()
    assert consent(person) == Person.EmailConsent.SUBSCRIBED


def test_one_click_post_from_a_mail_client_works_without_csrf(person):
    mailing = make_mailing()
    client = Client(enforce_csrf_checks=True)
    response = client.post(url(make_unsubscribe_token(person.pk, mailing.pk)), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert consent(person) == Person.EmailConsent.UNSUBSCRIBED
    assert person.consent_changes.first().source == f"One-click unsubscribe from a mail client in “{mailing}”"


def test_the_next_mailing_leaves_an_unsubscribed_person_out(client, mailoutbox):
    make_supporters(3)
    first = schedule_now(make_mailing())
    services.mailing_start(first.pk)
    services.mailing_send_batches(first.pk)
    message = next(m for m in mailoutbox if m.to == ["supporter1@example.org"])
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    client.post(link.split("testserver", 1)[-1].split("8000", 1)[-1], {"List-Unsubscribe": "One-Click"})
    mailoutbox.clear()
    second = schedule_now(make_mailing(name="Second"))
    services.mailing_start(second.pk)
    services.mailing_send_batches(second.pk)
    assert sorted(m.to[0] for m in mailoutbox) == ["supporter0@example.org", "supporter2@example.org"]


@pytest.mark.parametrize(
    "token",
    [
        "garbage",
        signing.dumps({"person": 1}, salt="petitions.signature.confirm"),
        signing.dumps({"person": "1"}, salt=UNSUBSCRIBE_SALT),
    ],
)
def test_a_tampered_link_gets_a_clear_page(client, person, token):
    response = client.post(url(token), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 400
    assert "This unsubscribe link is not valid" in response.content.decode()
    assert consent(person) == Person.EmailConsent.SUBSCRIBED


def test_an_expired_link_gets_a_clear_page(client, person, settings):
    token = make_unsubscribe_token(person.pk)
    settings.OUTREACH_UNSUBSCRIBE_MAX_AGE = -1
    response = client.get(url(token))
    assert response.status_code == 410
    assert "has expired" in response.content.decode()
