"""Mail that reads right in every name: plain text never HTML-escaped, HTML escaped once, merge
fields filled in subjects, nothing of a template left for a recipient, and no line break from a
name or a title ever reaching a header."""

import pytest
from django.urls import reverse

from campaign.models import Organisation
from events.models import Event
from outbox.models import OutgoingMail
from outreach import services
from outreach.models import Audience, Mailing
from people.models import Person
from petitions.models import Petition, Signature
from tests.mail import send_outbox
from tests.petitions.factories import make_petition

from .factories import make_mailing, schedule_now

pytestmark = pytest.mark.django_db

NAMES = [
    ("Grace", "O'Connell"),
    ("Rosa", "Smith & Sons"),
    ("Ada", "<Lovelace>"),
    ("Zoë", "Ñúñez-Gúzmán"),
    ("مریم", "رجوی"),
]


def parts(message):
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return str(message["Subject"]), text, html


@pytest.mark.parametrize(("given_name", "family_name"), NAMES)
def test_names_read_right_in_text_html_and_subject(smtp_server, given_name, family_name):
    Person.objects.create(
        given_name=given_name, family_name=family_name, email="reader@example.org", email_consent="subscribed"
    )
    mailing = make_mailing(
        subject="Briefing for {{ first_name }} {{ full_name }}",
        body_text="Dear {{ salutation }},\n\nA line for {{ full_name }}.\n\n{{ unsubscribe_url }}",
    )
    services.mailing_start(schedule_now(mailing).pk)
    send_outbox()
    subject, text, html = parts(smtp_server.collector.wait_for("reader@example.org")[0])
    full_name = f"{given_name} {family_name}"
    assert subject == f"Briefing for {given_name} {full_name}"
    assert f"Dear {full_name}," in text and f"A line for {full_name}." in text
    assert "&#x27;" not in text and "&amp;" not in text and "&lt;" not in text
    escaped = full_name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#x27;")
    assert f"A line for {escaped}." in html
    assert f"<title>Briefing for {given_name.replace('&', '&amp;')}" in html  # the title is the filled subject
    for part in (subject, text, html):
        assert "{{" not in part and "}}" not in part


def test_the_confirmation_mail_greets_by_name_without_html_escaping(client, smtp_server):
    petition = make_petition()
    client.post(
        reverse("petitions:sign", args=[petition.slug]),
        {"name": "Grace O'Connell", "email": "grace@example.org", "country": "IE", "website": ""},
    )
    send_outbox()
    subject, text, html = parts(smtp_server.collector.wait_for("grace@example.org")[0])
    assert text.startswith("Hello Grace O'Connell,")
    assert "Hello Grace O&#x27;Connell," in html
    assert subject == f"Please confirm your signature: {petition.title}"


@pytest.mark.parametrize(
    "body",
    ["Hello {{ first_name|upper }}", "{% if first_name %}Hi{% endif %}", "Hello {{first_name}", "Hi {{ }}"],
)
def test_template_syntax_other_than_merge_fields_is_refused_when_saving(body):
    from django.core.exceptions import ValidationError

    mailing = make_mailing(body_text=body)
    with pytest.raises(ValidationError):
        mailing.full_clean()


def test_a_name_with_a_line_break_still_gets_its_mail_with_a_one_line_subject(smtp_server):
    # Imported before names were checked: the mail must still go, the subject on one line.
    Person.objects.bulk_create(
        [
            Person(
                given_name="Ada\r\nBcc: x@evil.example",
                family_name="L",
                email="ada@example.org",
                email_consent="subscribed",
            )
        ]
    )
    mailing = schedule_now(make_mailing(subject="Briefing for {{ first_name }}"))
    services.mailing_start(mailing.pk)
    send_outbox()
    (message,) = smtp_server.collector.wait_for("ada@example.org")
    assert message["Subject"] == "Briefing for Ada Bcc: x@evil.example"
    assert smtp_server.collector.recipients() == ["ada@example.org"]
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENT


@pytest.mark.parametrize(
    ("model", "field"),
    [
        (Mailing, "subject"),
        (Mailing, "from_name"),
        (Person, "given_name"),
        (Person, "family_name"),
        (Person, "honorific"),
        (Petition, "title"),
        (Event, "title"),
        (Organisation, "name"),
    ],
)
def test_fields_that_reach_headers_refuse_line_breaks(model, field):
    field_object = model._meta.get_field(field)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="line breaks"):
        field_object.run_validators("Line one\nBcc: x@evil.example")


@pytest.mark.parametrize("subject_field", ["subject_en_gb", "subject_fa"])
def test_a_mailing_whose_subject_has_a_line_break_cannot_be_saved_from_the_admin(outreach_client, subject_field):
    mailing = make_mailing()
    url = reverse("admin:outreach_mailing_change", args=[mailing.pk])
    data = {
        "campaign": mailing.campaign_id,
        "name": mailing.name,
        "audience": mailing.audience_id,
        "subject_en_gb": mailing.subject,
        "subject_fa": "خبرها",
        "body_text_en_gb": mailing.body_text,
        "body_text_fa": "متن",
        "from_name": mailing.from_name,
        "from_email": mailing.from_email,
        "reply_to": "",
        "send_at_0": "",
        "send_at_1": "",
    }
    data[subject_field] = "News\r\nBcc: everyone@example.org"  # either language's version
    response = outreach_client.post(url, data)
    assert response.status_code == 200
    assert "line breaks are not allowed" in response.content.decode()
    mailing.refresh_from_db()
    assert "\n" not in mailing.subject_en_gb and not mailing.subject_fa


def test_a_test_mail_goes_through_the_outbox_rendered_for_a_recipient(outreach_client, outreach_user, smtp_server):
    outreach_user.email = "me@example.org"
    outreach_user.save()
    mailing = make_mailing(audience=Audience.objects.create(name="MPs", kind="parliamentarians"))
    response = outreach_client.post(
        reverse("admin:outreach_mailing_action", args=[mailing.pk, "test"]),
        {"addresses": ["me@example.org"], "render_as": "made_up"},
    )
    assert response.status_code == 302
    assert OutgoingMail.objects.get().kind == "composed"
    send_outbox()
    (message,) = smtp_server.collector.wait_for("me@example.org")
    assert message["Subject"].startswith("[TEST] ")
    assert "Dear Test Recipient," in parts(message)[1]


def test_greeting_leaves_out_names_that_carry_sentences_or_domains(client, mailoutbox):
    petition = make_petition()
    hostile = "Friend. SECURITY ALERT: your signature was flagged, re-verify at bcif-verify.com/login today"
    client.post(
        reverse("petitions:sign", args=[petition.slug]),
        {"name": hostile[:100], "email": "victim@example.org", "country": "GB", "website": ""},
    )
    assert Signature.objects.get().name == hostile[:100]  # anyone may type this, with anyone's address
    send_outbox()
    (message,) = mailoutbox
    assert message.body.startswith("Hello,")
    assert "SECURITY" not in message.body and "bcif-verify" not in message.body
    assert "SECURITY" not in message.alternatives[0][0]


def test_a_persian_reader_gets_the_persian_subject_with_their_name_and_an_accented_one_theirs(smtp_server):
    """Mailings are written from a form compiled once per mailing and language: each reader's name
    still reaches the subject and bodies encoded as the standard library would encode it."""
    Person.objects.create(
        given_name="مریم", family_name="رجوی", email="maryam@example.org", email_consent="subscribed", language="fa"
    )
    Person.objects.create(given_name="Zoë", family_name="Ñúñez", email="zoe@example.org", email_consent="subscribed")
    mailing = make_mailing(
        subject="News for {{ first_name }}",
        subject_fa="خبری تازه برای {{ first_name }} از کارزار دادخواهی قربانیان کشتار ۱۳۶۷",
        body_text="Dear {{ salutation }},\n\n{{ unsubscribe_url }}",
        body_text_fa="{{ first_name }} عزیز، سلام\n\n{{ unsubscribe_url }}",
        from_name="کمیته بریتانیایی برای آزادی ایران",
    )
    services.mailing_start(schedule_now(mailing).pk)
    send_outbox()
    persian = smtp_server.collector.wait_for("maryam@example.org")[0]
    subject, text, html = parts(persian)
    assert " ".join(subject.split()) == "خبری تازه برای مریم از کارزار دادخواهی قربانیان کشتار ۱۳۶۷"
    assert "مریم عزیز، سلام" in text and "مریم عزیز، سلام" in html
    assert persian["From"].addresses[0].addr_spec == "outreach@example.org"
    subject, text, html = parts(smtp_server.collector.wait_for("zoe@example.org")[0])
    assert subject == "News for Zoë"
    assert "Dear Zoë Ñúñez," in text and "Dear Zoë Ñúñez," in html
