"""Mail built while Persian is active reads right to left in its HTML part and in Persian in its
text part; Persian pages print digits and dates as Persian readers write them."""

import re

import pytest
from django.test import Client
from django.utils import translation

from outbox.models import OutgoingMail
from outreach.mail import ResubscribeMail
from people.models import Person
from petitions.mail import confirmation_message
from petitions.models import Petition, Signature
from petitions.services import signature_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def signature(demo_event):
    petition = Petition.objects.get(slug="independent-inquiry-1988-massacre")
    return Signature.objects.get(
        pk=signature_submit(petition=petition, name="Grace Hopper", email="grace@example.org", country="IE")
    )


def test_the_confirmation_mail_in_persian_is_right_to_left_and_persian_in_both_parts(signature, settings):
    with translation.override("fa"):
        message = confirmation_message(signature, to_email="grace@example.org")
    html = message.alternatives[0][0]
    assert re.search(r'<html lang="fa" dir="rtl">', html)
    assert '<body dir="rtl"' in html and '<div dir="rtl" lang="fa">' in html  # for clients that drop <html>
    assert "امضایم را تأیید می‌کنم" in html and "Confirm my signature" not in html
    assert message.subject.startswith("لطفاً امضای خود را تأیید کنید: ")
    text = message.body
    assert text.startswith("سلام Grace Hopper،\n")
    assert "لطفاً امضای خود را بر دادخواست «" in text
    assert "این پیوند تا ۷ روز کار می‌کند." in text
    # The link stands alone on its line (a right-to-left paragraph would carry it off), to the Persian page.
    (link,) = re.findall(r"^https?://\S+$", text, re.MULTILINE)
    assert link.startswith(f"{settings.SITE_URL}/fa/petitions/confirm/")


def test_the_same_mail_in_english_is_left_to_right(signature):
    message = confirmation_message(signature, to_email="grace@example.org")
    assert '<html lang="en-gb" dir="ltr">' in message.alternatives[0][0]
    assert message.body.startswith("Hello Grace Hopper,\n")
    assert "/fa/" not in message.body


def test_the_resubscribe_mail_follows_the_active_language(db):
    person = Person.objects.create(given_name="Sam", family_name="S", email="sam@example.org")
    mail = OutgoingMail(kind="resubscribe", about_id=person.pk, to_email="sam@example.org")
    with translation.override("fa"):
        message = ResubscribeMail().build(mail, None)
    assert '<html lang="fa" dir="rtl">' in message.alternatives[0][0]
    assert message.subject == "می‌خواهید ایمیل‌های کارزار ما را دوباره دریافت کنید؟"
    assert message.body.startswith("سلام،\n")


def test_the_persian_event_page_gives_both_calendars_in_persian_digits(client, demo_event):
    path = demo_event.get_absolute_url()  # before any Persian page leaves Persian active in this thread
    page = Client().get(f"/fa{path}").content.decode()
    # Thursday 10 September 2020, and beside it the Solar Hijri date: 20 Shahrivar 1399.
    assert "پنجشنبه ۱۰ سپتامبر ۲۰۲۰ (۲۰\N{NO-BREAK SPACE}شهریور\N{NO-BREAK SPACE}۱۳۹۹)" in page
    english = Client().get(path).content.decode()
    assert "Thursday 10 September 2020</time>" in english and "شهریور" not in english


def test_counts_are_in_persian_digits_with_persian_separators(demo_event):
    petition = Petition.objects.get(slug="independent-inquiry-1988-massacre")
    Petition.objects.filter(pk=petition.pk).update(signature_goal=12345)
    path = petition.get_absolute_url()
    page = Client().get(f"/fa{path}").content.decode()
    assert "از ۱۲٬۳۴۵ امضای هدف" in page
    assert "of a 12,345 goal" in Client().get(path).content.decode()


@pytest.mark.parametrize("language", ["en", "fa"])
def test_a_confirmation_written_into_a_batchs_form_reads_as_one_built_on_its_own(signature, language):
    """The outbox writes a surge's confirmations into one prepared form (outbox.messages.MessageForm)
    rather than building a MIME tree each: what arrives must be the same mail, its Persian subject
    and bodies encoded as the standard library encodes them."""
    from email import message_from_bytes, policy
    from email.utils import parseaddr

    from outbox.messages import MessageForm

    form = MessageForm(from_email="Campaign <campaign@example.org>", boundary="==boundary-of-the-batch==")
    with translation.override(language):
        built = confirmation_message(signature, to_email="Grace Hopper <grace@example.org>")
        written = confirmation_message(signature, to_email="Grace Hopper <grace@example.org>", form=form)
    assert written.prepared is not None  # written into the form, not built the ordinary way
    envelope_from, recipients, data = written.prepared
    # As Django's SMTP backend hands them to smtplib, which sends only the address of each.
    assert [parseaddr(address)[1] for address in (envelope_from, *recipients)] == [
        "campaign@example.org",
        "grace@example.org",
    ]
    arrived = message_from_bytes(data, policy=policy.default)
    # What Django's SMTP backend sends for the message built on its own.
    expected = message_from_bytes(built.message().as_bytes(linesep="\r\n"), policy=policy.default)
    assert arrived["Subject"] == expected["Subject"]
    assert arrived["Subject"].strip() == built.subject  # (a long encoded subject is folded after "Subject:")
    assert arrived["To"] == expected["To"]
    assert arrived["From"] == "Campaign <campaign@example.org>"
    plain, html = (part.get_content() for part in arrived.iter_parts())
    expected_plain, expected_html = (part.get_content() for part in expected.iter_parts())
    # The confirmation link differs (each carries a fresh signed token); the rest is the same text.
    link = re.compile(r"/petitions/confirm/[^/\s\"]+/")
    assert link.sub("/LINK/", plain) == link.sub("/LINK/", expected_plain)
    assert link.sub("/LINK/", html) == link.sub("/LINK/", expected_html)
