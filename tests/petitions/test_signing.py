"""Signing a petition through its page, and confirming by the link in the mail."""

import datetime

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from outbox.models import OutgoingMail
from people.models import Person
from petitions.models import Petition, Signature
from petitions.services import CONSENT_WORDING, signature_confirm
from petitions.tokens import CONFIRM_SALT, make_confirmation_token
from tests.mail import send_outbox

from .factories import make_petition, signing_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def petition():
    return make_petition()


def sign(client, petition, **overrides):
    return client.post(reverse("petitions:sign", args=[petition.slug]), signing_form(**overrides))


def shown_count(client, petition):
    return client.get(reverse("petitions:json", args=[petition.slug])).json()["signature_count"]


def test_signing_records_a_pending_signature_and_one_mail_due(client, petition, mailoutbox):
    response = sign(client, petition)
    assert response.status_code == 302
    assert response["Location"] == reverse("petitions:signed", args=[petition.slug])
    signature = Signature.objects.get()
    assert (signature.status, signature.name, signature.email) == ("pending", "Ada Lovelace", "ada@example.org")
    assert OutgoingMail.objects.get().about_id == signature.pk  # its mail is due in the outbox
    assert shown_count(client, petition) == 0
    assert send_outbox() == 1
    assert send_outbox() == 0  # sent once, not again
    assert [m.to for m in mailoutbox] == [["ada@example.org"]]


def test_the_signed_page_says_check_email_and_offers_share_links(client, petition):
    page = client.get(reverse("petitions:signed", args=[petition.slug])).content.decode()
    assert "Check your email" in page
    for network in ["mailto:", "wa.me", "x.com/intent", "facebook.com/sharer", 'id="share-url-']:
        assert network in page


def test_the_confirmation_mail_carries_a_link_that_confirms_on_post_only(client, petition, mailoutbox):
    sign(client, petition)
    signature = Signature.objects.get()
    assert send_outbox() == 1
    (message,) = mailoutbox
    assert message.to == ["ada@example.org"]
    link = next(word for word in message.body.split() if "/petitions/confirm/" in word)
    path = link.split("://", 1)[1].split("/", 1)[1]

    # Opening the link (as a mail scanner would) shows a button and confirms nothing.
    page = client.get("/" + path)
    assert page.status_code == 200
    assert "Confirm my signature" in page.content.decode()
    signature.refresh_from_db()
    assert signature.status == "pending"

    confirmed = client.post("/" + path)
    assert "your signature counts" in confirmed.content.decode()
    signature.refresh_from_db()
    assert signature.status == "validated"
    assert shown_count(client, petition) == 1

    # Replaying the link counts nothing more.
    client.post("/" + path)
    assert shown_count(client, petition) == 1


def test_signing_again_while_pending_resends_a_few_times_at_most(client, petition, mailoutbox):
    for _ in range(5):
        assert sign(client, petition).status_code == 302
        send_outbox()
    assert Signature.objects.count() == 1
    assert len(mailoutbox) == 3  # SIGNATURE_CONFIRMATION_MAILS


@pytest.mark.parametrize("variant", ["ADA@example.org", " ada@Example.org "])
def test_signing_again_once_confirmed_changes_nothing_and_looks_the_same(client, petition, variant, mailoutbox):
    first = sign(client, petition)
    send_outbox()
    signature_confirm(Signature.objects.get().pk)
    again = sign(client, petition, email=variant, name="Someone Else")
    assert again.status_code == first.status_code and again["Location"] == first["Location"]
    # Only the mailbox's owner learns that it had signed: by mail, to the address that confirmed.
    assert send_outbox() == 1
    assert mailoutbox[-1].to == ["ada@example.org"]
    assert mailoutbox[-1].subject.startswith("You have already signed")
    assert Signature.objects.get().name == "Ada Lovelace"
    assert shown_count(client, petition) == 1


def test_gmail_aliases_are_one_signer(client, petition):
    sign(client, petition, email="ada.lovelace@gmail.com")
    sign(client, petition, email="adalovelace+again@googlemail.com")
    assert Signature.objects.count() == 1


def test_consent_is_recorded_with_its_wording_when_confirmed(client, petition):
    sign(client, petition, wants_email="on")
    signature = Signature.objects.get()
    assert signature.consent_wording == CONSENT_WORDING
    signature_confirm(signature.pk)
    person = Person.objects.get(email="ada@example.org")
    assert person.email_consent == Person.EmailConsent.SUBSCRIBED
    change = person.consent_changes.get()
    assert change.wording == CONSENT_WORDING
    assert petition.title in change.source


def test_no_consent_box_ticked_means_no_subscription(client, petition):
    sign(client, petition)
    signature_confirm(Signature.objects.get().pk)
    assert Person.objects.get(email="ada@example.org").email_consent == Person.EmailConsent.UNKNOWN


def test_an_expired_link_gets_a_clear_page(client, petition, settings):
    sign(client, petition)
    token = make_confirmation_token(Signature.objects.get())
    settings.SIGNATURE_CONFIRMATION_MAX_AGE = -1
    response = client.post(reverse("petitions:confirm", args=[token]))
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert Signature.objects.get().status == "pending"


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: signing.dumps({"signature": 1}, salt="another-purpose"),
        lambda token: signing.dumps({"signature": "1; DROP TABLE"}, salt=CONFIRM_SALT),
        lambda token: "not-a-token",
    ],
)
def test_a_tampered_link_gets_a_clear_page(client, petition, tamper):
    sign(client, petition)
    token = tamper(make_confirmation_token(Signature.objects.get()))
    response = client.post(reverse("petitions:confirm", args=[token]))
    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()
    assert Signature.objects.get().status == "pending"


def test_the_honeypot_swallows_bots_silently(client, petition, mailoutbox):
    response = sign(client, petition, website="http://spam.example")
    assert response.status_code == 302  # the same page a person sees
    assert Signature.objects.count() == 0
    assert send_outbox() == 0 and mailoutbox == []


def test_a_closed_petition_shows_its_final_count_and_no_form(client):
    petition = make_petition(status=Petition.Status.OPEN, closes_at=timezone.now() - datetime.timedelta(minutes=1))
    page = client.get(petition.get_absolute_url()).content.decode()
    assert "This petition is closed" in page
    assert "Sign the petition" not in page
    assert sign(client, petition).status_code == 409
    assert Signature.objects.count() == 0


def test_a_draft_petition_is_not_public(client):
    petition = make_petition(status=Petition.Status.DRAFT)
    assert client.get(petition.get_absolute_url()).status_code == 404
    assert sign(client, petition).status_code == 404


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "<script>alert(1)</script>", "without links or &lt; &gt; { } characters"),
        ("name", "Ada\x00Lovelace", "Null characters are not allowed"),
        ("name", "Ada\u202eLovelace", "only letters, spaces and punctuation"),
        ("name", "A" * 101, "at most 100 characters"),
        ("email", "not-an-address", "Enter a valid email address"),
        ("email", "a" * 250 + "@example.org", "at most 254 characters"),
        ("country", "XX", "Select a valid choice"),
        ("country", "", "Choose your country"),
    ],
)
def test_bad_input_gets_a_field_error_never_a_500(client, petition, field, value, message):
    response = sign(client, petition, **{field: value})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "<script>alert(1)</script>" not in page
    assert Signature.objects.count() == 0


def test_uk_signers_give_a_valid_postcode_when_asked(client):
    petition = make_petition(asks_postcode=True)
    response = sign(client, petition, country="GB", postcode="123 456")
    assert response.status_code == 400
    assert "Enter a UK postcode such as SW1A 0AA" in response.content.decode()
    assert sign(client, petition, country="GB", postcode="sw1a0aa").status_code == 302
    assert Signature.objects.get().postcode == "SW1A0AA"


def test_a_forged_form_without_csrf_token_is_refused(petition):
    client = Client(enforce_csrf_checks=True)
    response = sign(client, petition)
    assert response.status_code == 403
    assert Signature.objects.count() == 0


def test_one_ip_address_is_rate_limited(client, petition, settings):
    settings.SIGNING_RATE_PER_IP = "3/m"
    statuses = [sign(client, petition, email=f"person{i}@example.org").status_code for i in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    assert Signature.objects.count() == 3
    assert "Please wait a minute" in sign(client, petition, email="late@example.org").content.decode()


def test_one_small_email_domain_is_rate_limited_across_addresses(petition, settings):
    settings.SIGNING_RATE_PER_DOMAIN = "2/m"
    statuses = []
    for i in range(4):
        client = Client(REMOTE_ADDR=f"10.0.0.{i}")
        statuses.append(sign(client, petition, email=f"bot{i}@spam-domain.example").status_code)
    assert statuses == [302, 302, 429, 429]
    # The large providers that honest signers use are not limited by domain.
    for i in range(4):
        client = Client(REMOTE_ADDR=f"10.0.1.{i}")
        assert sign(client, petition, email=f"person{i}@gmail.com").status_code == 302


def test_a_shared_petition_link_shows_its_title_and_text(client, petition, settings):
    page = client.get(petition.get_absolute_url()).content.decode()
    assert f'<meta property="og:title" content="{petition.title}">' in page
    assert '<meta property="og:description" content="We ask for an inquiry.">' in page
    assert f'<link rel="canonical" href="{settings.SITE_URL}{petition.get_absolute_url()}">' in page


def test_a_confirmation_claimed_by_a_worker_that_died_is_sent_when_its_lease_runs_out(client, petition, mailoutbox):
    import uuid
    from datetime import timedelta

    from outbox.services import mail_claim

    sign(client, petition)
    assert len(mail_claim(token=uuid.uuid4(), size=10)) == 1  # a worker claims it, then dies before sending
    assert send_outbox() == 0  # the lease keeps other workers off it meanwhile
    OutgoingMail.objects.update(lease_expires_at=timezone.now() - timedelta(seconds=1))  # the lease runs out
    assert send_outbox() == 1
    assert len(mailoutbox) == 1
