"""Confirming a letter by the link in the mail: only a POST confirms, once; a repeated letter, a
closed campaign or a tampered link each get a clear page."""

import datetime

import pytest
from django.core import signing
from django.utils import timezone

from letters.models import Letter, LetterCampaign
from letters.services import Confirmation, letter_confirm
from letters.tokens import make_confirmation_token
from outbox.models import OutgoingMail
from people.models import Person

from .factories import ANOTHER_LETTER, letter_form, load_test_postcodes, make_bath_mp, make_letter_campaign

pytestmark = pytest.mark.django_db

WRITE_TO_BATH = "/write/inquiry-letters/to/E14001073/"


@pytest.fixture
def campaign():
    load_test_postcodes()
    make_bath_mp()
    return make_letter_campaign()


def written_letter(client, **fields):
    before = set(Letter.objects.values_list("pk", flat=True))
    assert client.post(WRITE_TO_BATH, letter_form(**fields)).status_code == 302
    return Letter.objects.exclude(pk__in=before).get()


def confirm_url(letter):
    return f"/write/confirm/{make_confirmation_token(letter)}/"


def test_opening_the_link_confirms_nothing_and_the_button_sends(client, campaign):
    letter = written_letter(client)
    page = client.get(confirm_url(letter)).content.decode()
    assert "Confirm your letter" in page
    assert "Wera Hobhouse" in page
    letter.refresh_from_db()
    assert letter.status == Letter.Status.AWAITING_CONFIRMATION

    page = client.post(confirm_url(letter)).content.decode()
    assert "Your letter is on its way" in page
    letter.refresh_from_db()
    assert letter.status == Letter.Status.CONFIRMED
    assert letter.writer == Person.objects.get(email="ada@example.org")
    to_mp, copy = letter.mail_to_recipient, letter.mail_copy_to_writer
    assert (to_mp.kind, to_mp.to_email) == ("letter_to_representative", "wera.hobhouse.mp@parliament.example")
    assert (copy.kind, copy.to_email) == ("letter_copy_to_writer", "ada@example.org")


def test_a_second_click_sends_nothing_more(client, campaign):
    letter = written_letter(client)
    client.post(confirm_url(letter))
    response = client.post(confirm_url(letter))
    assert "Your letter is on its way" in response.content.decode()
    assert OutgoingMail.objects.filter(kind="letter_to_representative").count() == 1


def test_one_letter_per_constituent_per_campaign_and_mp(client, campaign):
    first = written_letter(client)
    second = written_letter(client, body=ANOTHER_LETTER, writer_email="ADA@example.org")
    client.post(confirm_url(first))
    response = client.post(confirm_url(second))
    assert response.status_code == 409
    assert "You have already written" in response.content.decode()
    second.refresh_from_db()
    assert second.status == Letter.Status.AWAITING_CONFIRMATION
    assert OutgoingMail.objects.filter(kind="letter_to_representative").count() == 1


def test_the_database_keeps_one_written_letter_per_writer_and_recipient(client, campaign):
    first = written_letter(client)
    second = written_letter(client, body=ANOTHER_LETTER)
    assert letter_confirm(letter_id=first.pk)[1] == Confirmation.CONFIRMED
    assert letter_confirm(letter_id=second.pk)[1] == Confirmation.ALREADY_WRITTEN


def test_a_campaign_that_closed_before_confirming_sends_nothing(client, campaign):
    letter = written_letter(client)
    LetterCampaign.objects.filter(pk=campaign.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.post(confirm_url(letter))
    assert response.status_code == 410
    assert "This letter campaign is closed" in response.content.decode()
    assert not OutgoingMail.objects.filter(kind="letter_to_representative").exists()


def test_a_tampered_link_is_not_valid(client, campaign):
    letter = written_letter(client)
    token = make_confirmation_token(letter)
    response = client.post(f"/write/confirm/{token[:-3]}abc/")
    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()
    forged = signing.dumps({"l": "0" * 32}, salt="letters.letter.confirm")
    assert client.get(f"/write/confirm/{forged}/").status_code == 400
    # A petition's confirmation token does not confirm a letter.
    other_purpose = signing.dumps({"l": letter.public_id.hex}, salt="petitions.signature.confirm")
    assert client.post(f"/write/confirm/{other_purpose}/").status_code == 400
    letter.refresh_from_db()
    assert letter.status == Letter.Status.AWAITING_CONFIRMATION


def test_an_expired_link_says_so(client, campaign, settings):
    letter = written_letter(client)
    settings.LETTER_CONFIRMATION_MAX_AGE = -1
    response = client.post(confirm_url(letter))
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()


def test_the_confirmation_page_in_persian(client, campaign):
    letter = written_letter(client)
    page = client.get("/fa" + confirm_url(letter)).content.decode()
    assert 'dir="rtl"' in page
    assert "نامه‌تان را تأیید کنید" in page


def test_the_letters_history_holds_neither_its_writer_nor_their_words(client, campaign):
    letter = written_letter(client)
    client.post(confirm_url(letter))
    history = Letter.history.model
    names = {field.name for field in history._meta.fields}
    assert not names & {"writer", "writer_name", "writer_address", "writer_email", "body", "subject", "reply_text"}
    assert history.objects.filter(id=letter.pk).exists()  # its status changes are kept


def test_an_mp_whose_address_was_taken_off_since_gets_nothing_and_the_writer_is_told(client, campaign):
    letter = written_letter(client)
    Person.objects.filter(pk=letter.recipient_id).update(email=None)
    response = client.post(confirm_url(letter))
    assert response.status_code == 409
    assert "Your letter cannot be sent from here" in response.content.decode()
    assert not OutgoingMail.objects.filter(kind="letter_to_representative").exists()
