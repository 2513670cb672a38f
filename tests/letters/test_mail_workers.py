"""The letter's mail through a real Celery worker to a real SMTP server: the confirmation link, then
the letter to the MP From our address under the writer's name, Reply-To the writer, and the copy."""

import re
from email.utils import getaddresses, parseaddr

import pytest
from django.test import Client

from letters.models import Letter

from ..workers import wait_until
from .factories import letter_form, load_test_postcodes, make_bath_mp, make_letter_campaign

MP_ADDRESS = "wera.hobhouse.mp@parliament.example"


@pytest.mark.django_db(transaction=True)
def test_the_mp_receives_the_letter_from_the_constituent_by_name_and_they_get_a_copy(
    smtp_server, confirmation_worker, settings
):
    settings.LETTERS_FROM_ADDRESS = ""
    load_test_postcodes()
    make_bath_mp()
    campaign = make_letter_campaign()
    client = Client()
    form = letter_form(writer_name="Ada O’Lovelace", writer_email="Ada@Example.org")
    assert client.post(f"/write/{campaign.slug}/to/E14001073/", form).status_code == 302

    (confirmation,) = smtp_server.collector.wait_for("ada@example.org", timeout=60)
    assert confirmation["Subject"] == "Please confirm your letter to Wera Hobhouse"
    text = confirmation.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"https?://\S+/write/confirm/\S+/", text).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.post("/" + path).status_code == 200

    (to_mp,) = smtp_server.collector.wait_for(MP_ADDRESS, timeout=60)
    display_name, address = parseaddr(to_mp["From"])
    assert display_name == "Ada O’Lovelace"
    assert address == "campaign@localhost"  # our own domain (DEFAULT_FROM_EMAIL's address), never theirs
    assert getaddresses([to_mp["Reply-To"]]) == [("Ada O’Lovelace", "Ada@Example.org")]
    assert to_mp["Subject"] == "An independent inquiry"
    body = to_mp.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")
    assert "My family left Iran in 1989" in body
    assert "12 Pulteney Street\nBath\nBA1 1SU" in body
    assert "constituent of Bath" in body

    copies = smtp_server.collector.wait_for("ada@example.org", count=2, timeout=60)
    copy = copies[1]
    assert copy["Subject"] == "Your letter to Wera Hobhouse"
    assert "My family left Iran in 1989" in copy.get_body(preferencelist=("plain",)).get_content()
    assert copy["Reply-To"] is None

    letter = Letter.objects.get()
    wait_until(lambda: Letter.objects.get(pk=letter.pk).status == Letter.Status.SENT, timeout=30)
    letter.refresh_from_db()
    assert letter.sent_at is not None
    assert (letter.survey_due_at - letter.sent_at).days == campaign.survey_after_days


@pytest.mark.django_db(transaction=True)
def test_the_confirmation_mail_is_in_persian_for_a_letter_written_on_the_persian_page(smtp_server, confirmation_worker):
    load_test_postcodes()
    make_bath_mp()
    campaign = make_letter_campaign()
    Client().post(f"/fa/write/{campaign.slug}/to/E14001073/", letter_form())
    (confirmation,) = smtp_server.collector.wait_for("ada@example.org", timeout=60)
    assert confirmation["Subject"].strip() == "لطفاً نامهٔ خود به Wera Hobhouse را تأیید کنید"
    assert "/fa/write/confirm/" in confirmation.get_body(preferencelist=("plain",)).get_content()
