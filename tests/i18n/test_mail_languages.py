"""Each person gets their mail in their language: the outbox builds every message in its
recipient's language (words, content written by staff, links under /fa/), mailings fall back to
their original with a note, and a signer's language comes from the page they signed on."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from outbox.models import OutgoingMail
from outreach import services
from outreach.mail import MailingMail
from outreach.models import Mailing
from people.models import Person
from petitions.models import Petition, Signature
from tests.mail import send_outbox
from tests.outreach.factories import make_mailing, make_supporters, schedule_now
from tests.petitions.factories import make_petition, signing_form

pytestmark = pytest.mark.django_db

NOTE_IN_PERSIAN = "این متن هنوز به فارسی در دسترس نیست؛ متن اصلی به انگلیسی در ادامه آمده است."
PERSIAN_TEXT = (
    "{{ salutation }}،\n\nگزارش همایش را بخوانید و دادخواست «{{ petition_title }}» را امضا کنید: "
    "{{ petition_url }}\n\nلغو اشتراک: {{ unsubscribe_url }}"
)


def text_of(message):
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def html_of(message):
    return message.get_body(("html",)).get_content()


@pytest.fixture
def readers():
    """Two English readers and two Persian readers, all subscribed."""
    english = make_supporters(2)
    shirin, reza = make_supporters(2, prefix="reader")
    Person.objects.filter(pk=shirin.pk).update(
        honorific="Mrs", given_name="Shirin", family_name="Ahmadi", language="fa"
    )
    Person.objects.filter(pk=reza.pk).update(given_name="Reza", family_name="Karimi", language="fa")
    return english, shirin, reza


def send(mailing):
    services.mailing_start(schedule_now(mailing).pk)
    send_outbox()
    mailing.refresh_from_db()
    return mailing


def test_a_mailing_reaches_a_mixed_audience_each_in_their_language(smtp_server, readers):
    mailing = make_mailing(subject="What the conference asked")
    Mailing.objects.filter(pk=mailing.pk).update(subject_fa="آنچه همایش خواست", body_text_fa=PERSIAN_TEXT)
    Petition.objects.filter(pk=mailing.petition_id).update(title_fa="تحقیقی مستقل")
    assert send(mailing).status == Mailing.Status.SENT
    collector = smtp_server.collector

    (english,) = collector.to("supporter0@example.org")
    assert english["Subject"] == "What the conference asked"
    assert text_of(english).startswith("Dear Sam0 Supporter0,")
    assert "/petitions/petition-for-0/" in text_of(english) and "/fa/" not in text_of(english)

    (shirin,) = collector.to("reader0@example.org")
    assert shirin["Subject"] == "آنچه همایش خواست"
    text = text_of(shirin)
    assert text.startswith("سرکار خانم Shirin Ahmadi،")
    assert "دادخواست «تحقیقی مستقل» را امضا کنید" in text
    assert "/fa/petitions/petition-for-0/" in text and "/fa/email/unsubscribe/" in text
    assert "Dear" not in text and NOTE_IN_PERSIAN not in text
    assert "/fa/email/unsubscribe/" in shirin["List-Unsubscribe"]
    assert "سرکار خانم Shirin Ahmadi،" in html_of(shirin)

    (reza,) = collector.to("reader1@example.org")
    assert text_of(reza).startswith("Reza Karimi گرامی،")
    languages = dict(mailing.deliveries.values_list("to_email", "language"))
    assert languages == {
        "supporter0@example.org": "en-gb",
        "supporter1@example.org": "en-gb",
        "reader0@example.org": "fa",
        "reader1@example.org": "fa",
    }


def test_a_persian_reader_of_a_mailing_without_a_persian_version_gets_the_original_with_a_note(smtp_server, readers):
    send(make_mailing(subject="What the conference asked"))
    (shirin,) = smtp_server.collector.to("reader0@example.org")
    assert shirin["Subject"] == "What the conference asked"
    text = text_of(shirin)
    assert text.startswith(NOTE_IN_PERSIAN + "\n\nDear Mrs Ahmadi,")  # the English text, in English forms
    assert "/fa/petitions/petition-for-0/" in text  # the pages she reads are the Persian ones
    html = html_of(shirin)
    assert NOTE_IN_PERSIAN in html and '<div lang="en-gb" dir="ltr"><p>Dear Mrs Ahmadi,' in html
    (english,) = smtp_server.collector.to("supporter0@example.org")
    assert NOTE_IN_PERSIAN not in text_of(english) and "This text is not yet" not in text_of(english)


def test_each_mailing_is_rendered_once_per_language_in_a_batch(readers):
    mailing = make_mailing()
    Mailing.objects.filter(pk=mailing.pk).update(subject_fa="خبر", body_text_fa=PERSIAN_TEXT)
    services.mailing_start(schedule_now(mailing).pk)
    kind = MailingMail()
    mails = list(OutgoingMail.objects.filter(kind="mailing"))
    prepared = kind.prepare(mails)
    for mail in mails:
        with translation.override(mail.language):
            kind.build(mail, prepared)
    assert sorted(language for _, language in prepared.renderers) == ["en-gb", "fa"]


def test_a_signer_on_a_persian_page_gets_the_confirmation_mail_in_persian(client, mailoutbox):
    petition = make_petition(title_fa="برای تحقیقی مستقل امضا کنید")
    with translation.override("fa"):
        url = reverse("petitions:sign", args=[petition.slug])
    assert url.startswith("/fa/")
    client.post(url, signing_form(email="shirin@example.org", wants_email="on"))
    signature = Signature.objects.get()
    assert signature.language == "fa"
    assert OutgoingMail.objects.get().language == "fa"

    assert send_outbox() == 1
    (message,) = mailoutbox
    assert message.subject == "لطفاً امضای خود را تأیید کنید: برای تحقیقی مستقل امضا کنید"
    link = next(word for word in message.body.split() if "/petitions/confirm/" in word)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    assert path.startswith("/fa/petitions/confirm/")

    assert client.post(path).status_code == 200
    assert Person.objects.get(email="shirin@example.org").language == "fa"  # her mail from now on


def test_a_signer_on_an_english_page_gets_english_mail_and_links(client, mailoutbox):
    petition = make_petition(title_fa="عنوان فارسی")
    client.post(reverse("petitions:sign", args=[petition.slug]), signing_form())
    assert Signature.objects.get().language == "en-gb"
    send_outbox()
    (message,) = mailoutbox
    assert message.subject == "Please confirm your signature: Hold an independent inquiry"
    assert "/fa/" not in message.body


def test_the_resubscribe_link_goes_out_in_the_persons_language(mailoutbox):
    (person,) = make_supporters(1, consent=Person.EmailConsent.UNSUBSCRIBED)
    Person.objects.filter(pk=person.pk).update(language="fa")
    person.refresh_from_db()
    services.person_resubscribe_request(person)
    send_outbox()
    (message,) = mailoutbox
    with translation.override("fa"):
        assert message.subject == gettext("Keep receiving our campaign email?")
    assert message.subject != "Keep receiving our campaign email?"
    assert "/fa/email/" in message.body
