"""Unsubscribe in one click; re-subscribe only from one's own inbox. A forwarded mail's link must
neither show the address nor put the person back on the list."""

import pytest
from django.core import signing
from django.test import Client

from outreach import services
from outreach.tokens import UNSUBSCRIBE_SALT, make_unsubscribe_token
from people.models import Person
from tests.mail import send_outbox

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
    token = make_unsubscribe_token(person)
    page = client.get(url(token)).content.decode()
    assert "Stop campaign email to <bdi>s•••@e•••.org</bdi>?" in page
    assert "supporter0@example.org" not in page  # whoever holds a forwarded link learns nothing
    assert consent(person) == Person.EmailConsent.SUBSCRIBED  # a link scanner's GET changes nothing
    done = client.post(url(token), {"action": "unsubscribe"}).content.decode()
    assert "You are unsubscribed" in done and "supporter0@example.org" not in done
    assert consent(person) == Person.EmailConsent.UNSUBSCRIBED
    assert person.consent_changes.first().source == "Unsubscribe link"


def test_the_link_reveals_no_row_id(person):
    token = make_unsubscribe_token(person)
    payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    assert payload["p"] == person.public_id.hex and str(person.pk) not in payload.values()


def test_resubscribing_needs_the_pages_form_and_a_link_sent_to_the_address(person, smtp_server):
    token = make_unsubscribe_token(person)
    browser = Client(enforce_csrf_checks=True)
    browser.post(url(token), {"List-Unsubscribe": "One-Click"})
    # A forged POST without the page's CSRF token is refused, and changes nothing.
    assert browser.post(f"{url(token)}resubscribe/").status_code == 403
    # Through the page's own form: a link goes to the address, and nothing changes yet.
    page = browser.get(url(token))
    csrf = page.cookies["csrftoken"].value if "csrftoken" in page.cookies else None
    done = client_post_with_csrf(browser, f"{url(token)}resubscribe/", csrf)
    assert "We have sent a link to <bdi>s•••@e•••.org</bdi>" in done
    assert consent(person) == Person.EmailConsent.UNSUBSCRIBED
    send_outbox()
    (message,) = smtp_server.collector.wait_for("supporter0@example.org")
    text = message.get_body(preferencelist=("plain",)).get_content()
    link = next(word for word in text.split() if "/email/resubscribe/" in word)
    path = link.split("://", 1)[1].split("/", 1)[1]
    confirm_page = browser.get(f"/{path}")
    assert consent(person) == Person.EmailConsent.UNSUBSCRIBED  # a scanner's GET changes nothing
    welcome = client_post_with_csrf(browser, f"/{path}", confirm_page.cookies["csrftoken"].value)
    assert "Welcome back" in welcome
    assert consent(person) == Person.EmailConsent.SUBSCRIBED


def client_post_with_csrf(browser, path, csrf):
    if csrf is None:
        browser.get(path)
        csrf = browser.cookies["csrftoken"].value
    return browser.post(path, {"csrfmiddlewaretoken": csrf}).content.decode()


def test_resubscribe_links_are_sent_at_most_once_an_hour(client, person, mailoutbox):
    token = make_unsubscribe_token(person)
    client.post(url(token), {"List-Unsubscribe": "One-Click"})
    for _ in range(3):
        client.post(f"{url(token)}resubscribe/")
    send_outbox()
    assert len(mailoutbox) == 1


def test_one_click_post_from_a_mail_client_works_without_csrf(person):
    mailing = make_mailing()
    client = Client(enforce_csrf_checks=True)
    response = client.post(url(make_unsubscribe_token(person, mailing)), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert consent(person) == Person.EmailConsent.UNSUBSCRIBED
    assert person.consent_changes.first().source == f"One-click unsubscribe from a mail client in “{mailing}”"


def test_the_next_mailing_leaves_an_unsubscribed_person_out(client, mailoutbox):
    make_supporters(3)
    first = schedule_now(make_mailing())
    services.mailing_start(first.pk)
    send_outbox()
    message = next(m for m in mailoutbox if m.to == ["supporter1@example.org"])
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    client.post("/" + link.split("://", 1)[1].split("/", 1)[1], {"List-Unsubscribe": "One-Click"})
    mailoutbox.clear()
    second = schedule_now(make_mailing(name="Second"))
    services.mailing_start(second.pk)
    send_outbox()
    assert sorted(m.to[0] for m in mailoutbox) == ["supporter0@example.org", "supporter2@example.org"]


@pytest.mark.parametrize(
    "token",
    [
        "garbage",
        signing.dumps({"p": "1"}, salt="petitions.signature.confirm"),
        signing.dumps({"p": 1}, salt=UNSUBSCRIBE_SALT),
        signing.dumps({"p": "0" * 32}, salt=UNSUBSCRIBE_SALT),
    ],
)
def test_a_tampered_link_gets_a_clear_page(client, person, token):
    response = client.post(url(token), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 400
    assert "This unsubscribe link is not valid" in response.content.decode()
    assert consent(person) == Person.EmailConsent.SUBSCRIBED


def test_an_expired_link_gets_a_clear_page(client, person, settings):
    token = make_unsubscribe_token(person)
    settings.OUTREACH_UNSUBSCRIBE_MAX_AGE = -1
    response = client.get(url(token))
    assert response.status_code == 410
    assert "has expired" in response.content.decode()
