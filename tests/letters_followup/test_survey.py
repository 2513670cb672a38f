"""A fortnight after a letter is sent its writer is asked "Did your MP reply?", by a mail with a
signed link to a page where they answer yes (with what the MP said) / no / not yet, by POST, and
may change their answer later. Time is moved by dating letters in the past, never waited for."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from letters.data_rights import letters_anonymise
from letters.followup import SURVEY_MAIL, surveys_queue_due
from letters.followup_tasks import queue_letter_surveys
from letters.models import Letter
from letters.survey_links import make_survey_token
from outbox.models import OutgoingMail
from tests.mail import send_outbox

from .factories import letter_campaign, mp, sent_letter

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(db):
    return letter_campaign()


@pytest.fixture
def gale():
    return mp("Gale", "Roger")


def survey_url(letter):
    return reverse("letters:survey", args=[make_survey_token(letter)])


def test_a_survey_is_queued_once_for_letters_sent_a_fortnight_ago(campaign, gale):
    due = sent_letter(campaign, gale, sent_days_ago=15)
    recent = sent_letter(campaign, gale, email="grace@example.org", sent_days_ago=3)
    assert surveys_queue_due() == [due.pk]
    assert surveys_queue_due() == []  # beat again, or a retried task: nothing more
    assert list(OutgoingMail.objects.filter(kind=SURVEY_MAIL).values_list("about_id", "to_email")) == [
        (due.pk, "ada@example.org")
    ]
    recent.refresh_from_db()
    assert recent.survey_sent_at is None
    # Twelve days on, the recent letter's turn comes.
    later = timezone.now() + datetime.timedelta(days=12)
    assert surveys_queue_due(now=later) == [recent.pk]


def test_a_letter_with_a_due_date_of_its_own_is_asked_about_then(campaign, gale):
    letter = sent_letter(campaign, gale, sent_days_ago=2, survey_due_at=timezone.now() - datetime.timedelta(hours=1))
    assert surveys_queue_due() == [letter.pk]


def test_letters_not_sent_or_anonymised_are_never_asked_about(campaign, gale):
    sent_letter(campaign, gale, status=Letter.Status.CONFIRMED, sent_at=None, email="waiting@example.org")
    erased = sent_letter(campaign, gale, sent_days_ago=20)
    letters_anonymise(Letter.objects.filter(pk=erased.pk))
    assert surveys_queue_due() == []


def test_the_survey_mail_names_the_mp_and_links_to_the_page(campaign, gale, smtp_server):
    letter = sent_letter(campaign, gale)
    surveys_queue_due()
    assert send_outbox() == 1
    (message,) = smtp_server.collector.to("ada@example.org")
    assert message["Subject"] == "Did Roger Gale reply to your letter?"
    text = message.get_body(("plain",)).get_content()
    assert "Hello Ada Lovelace," in text
    link = re.search(r"https?://\S+/write/reply/\S+/", text).group(0)
    page = Client().get(urlsplit(link).path)
    assert page.status_code == 200
    assert "Did <bdi>Roger Gale</bdi> reply to your letter?" in page.content.decode()
    letter.refresh_from_db()
    assert letter.reply_reported == Letter.Reply.UNKNOWN  # opening the link records nothing


def test_a_writer_who_already_answered_is_not_asked(campaign, gale, smtp_server):
    sent_letter(campaign, gale, reply_reported="yes", reply_text="She wrote back at once.")
    surveys_queue_due()
    assert send_outbox() == 0
    assert OutgoingMail.objects.get(kind=SURVEY_MAIL).status == OutgoingMail.Status.CANCELLED


def test_the_persian_writer_gets_the_mail_and_page_in_persian(campaign, gale, smtp_server, client):
    letter = sent_letter(campaign, gale, language="fa")
    surveys_queue_due()
    send_outbox()
    (message,) = smtp_server.collector.to("ada@example.org")
    assert "آیا" in message["Subject"]
    text = message.get_body(("plain",)).get_content()
    assert "/fa/write/reply/" in text
    page = client.get("/fa" + survey_url(letter))
    assert 'dir="rtl"' in page.content.decode()
    assert "بله" in page.content.decode()


def test_answering_yes_keeps_what_the_mp_said_and_can_be_changed(campaign, gale, client):
    letter = sent_letter(campaign, gale)
    url = survey_url(letter)
    response = client.post(url, {"reply": "yes", "reply_text": "  I will sign the EDM and write to the minister. "})
    assert response.status_code == 302 and response.url == url + "?saved=1"
    page = client.get(response.url)
    assert "Thank you: your answer is recorded." in page.content.decode()
    assert 'value="yes" checked' in page.content.decode()
    letter.refresh_from_db()
    assert (letter.reply_reported, letter.reply_text) == ("yes", "I will sign the EDM and write to the minister.")
    assert letter.reply_reported_at is not None

    client.post(url, {"reply": "not_yet", "reply_text": "ignored without a yes"})
    letter.refresh_from_db()
    assert (letter.reply_reported, letter.reply_text) == ("not_yet", "")
    assert "You have already answered" in client.get(url).content.decode()


def test_a_changed_answer_is_reviewed_afresh(campaign, gale, client, admin_user):
    letter = sent_letter(campaign, gale, reply_reported="no", reviewed_at=timezone.now(), reviewed_by=admin_user)
    client.post(survey_url(letter), {"reply": "yes", "reply_text": "She wrote back after all."})
    letter.refresh_from_db()
    assert letter.reviewed_at is None and letter.reviewed_by is None


def test_an_answer_must_be_chosen(campaign, gale, client):
    letter = sent_letter(campaign, gale)
    response = client.post(survey_url(letter), {"reply": "maybe"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    response = client.post(survey_url(letter), {})
    assert "Choose one of the answers." in response.content.decode()
    letter.refresh_from_db()
    assert letter.reply_reported == ""


def test_answering_needs_the_pages_csrf_token(campaign, gale):
    letter = sent_letter(campaign, gale)
    response = Client(enforce_csrf_checks=True).post(survey_url(letter), {"reply": "yes"})
    assert response.status_code == 403
    letter.refresh_from_db()
    assert letter.reply_reported == ""


def test_a_tampered_link_gets_a_clear_page(campaign, gale, client):
    letter = sent_letter(campaign, gale)
    token = make_survey_token(letter)
    response = client.get(reverse("letters:survey", args=[token[:-3] + "abc"]))
    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()
    forged = signing.dumps({"l": letter.public_id.hex}, salt="petitions.signature.confirm")
    assert client.post(reverse("letters:survey", args=[forged]), {"reply": "yes"}).status_code == 400
    letter.refresh_from_db()
    assert letter.reply_reported == ""


def test_an_expired_link_gets_a_clear_page(campaign, gale, client, settings):
    letter = sent_letter(campaign, gale)
    settings.LETTER_SURVEY_LINK_MAX_AGE = -1  # every link is older than that
    response = client.post(survey_url(letter), {"reply": "yes"})
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    letter.refresh_from_db()
    assert letter.reply_reported == ""


def test_the_link_of_an_erased_letter_leads_nowhere(campaign, gale, client):
    letter = sent_letter(campaign, gale)
    url = survey_url(letter)
    letters_anonymise(Letter.objects.filter(pk=letter.pk))
    assert client.get(url).status_code == 400


def test_answers_from_one_address_are_rate_limited(campaign, gale, client, settings):
    settings.LETTER_SURVEY_RATE_PER_IP = "2/m"
    letter = sent_letter(campaign, gale)
    url = survey_url(letter)
    for answer in ("yes", "no"):
        assert client.post(url, {"reply": answer}).status_code == 302
    response = client.post(url, {"reply": "not_yet"})
    assert response.status_code == 429
    assert "Too many answers at once" in response.content.decode()
    letter.refresh_from_db()
    assert letter.reply_reported == "no"


@pytest.mark.django_db(transaction=True)
def test_beat_task_queues_the_survey_and_a_real_worker_delivers_it(confirmation_worker, smtp_server, live_server):
    letter = sent_letter(letter_campaign(), mp("Gale", "Roger"), sent_days_ago=14, email="writer@example.org")
    queue_letter_surveys.delay()  # what beat does every hour: the worker runs it, then sends
    (message,) = smtp_server.collector.wait_for("writer@example.org", timeout=60)
    assert message["Subject"] == "Did Roger Gale reply to your letter?"
    link = re.search(r"http://\S+/write/reply/\S+/", message.get_body(("plain",)).get_content()).group(0)
    assert link.startswith(live_server.url)
    letter.refresh_from_db()
    assert letter.survey_sent_at is not None
    # Beat's next runs, here in the test process: the row's survey_sent_at stops a second mail.
    assert queue_letter_surveys() == 0
    assert OutgoingMail.objects.filter(kind=SURVEY_MAIL, about_id=letter.pk).count() == 1
