"""A mailing's messages are written from a form compiled once (outbox.messages.MessageForm): each
must be, byte for byte, what Django and the standard library would have built for it, headers
encoded the same way for Persian and accented names and subjects."""

import email
import email.policy
import email.utils
import re
from email.header import decode_header, make_header
from smtplib import quoteaddr

import pytest
from django.core.mail.message import sanitize_address

from outbox.messages import MessageForm, compose_message

DATE = re.compile(rb"Date: [^\r]+\r\n")
BOUNDARY = "==0123456789abcdef0123456789abcdef=="
HEADERS = {
    "List-Unsubscribe": "<https://example.org/email/unsubscribe/eyJwIjoiMDQ3NjUyNTdmOTAyNDdkZjk1YzljZWJkYzYxNTU1NmQi"
    "LCJtIjoxfQ:1xXcHP:MQ4qMhLYFYLenzfgRK6qkkisnRa-G53ZjkSsbrVqvJQ/>",
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    "X-Campaign-Mailing": "7",
    "Message-ID": "<1.2.3@example.org>",
}
MESSAGES = {
    "Persian name and subject": {
        "to": "مریم رجوی <maryam@example.org>",
        "subject": "مریم عزیز، خبری تازه از کارزار برای دادخواهی قربانیان کشتار ۱۳۶۷ در ایران",
        "text": "مریم عزیز،\n\nلطفاً دادخواست را امضا کنید.\n",
        "html": "<p>مریم عزیز،</p>\n<p>لطفاً دادخواست را امضا کنید.</p>",
    },
    "accented name": {
        "to": "Zoë Ñúñez-Gúzmán <zoe@example.org>",
        "subject": "Briefing for Zoë Ñúñez-Gúzmán: what the conference asked of the UK Government",
        "text": "Dear Zoë,\r\n\r\nA line for Zoë Ñúñez-Gúzmán.",
        "html": "<p>Dear Zoë,</p>",
    },
    "plain ASCII": {
        "to": "supporter1@example.org",
        "subject": "What the conference asked of the UK Government",
        "text": "Dear Sam,\n\nPlease sign.\n",
        "html": "<p>Dear Sam,</p>",
    },
    "international domain": {"to": "reader@bücher.example", "subject": "x", "text": "a", "html": "b"},
}


def standard(message):
    return DATE.sub(b"Date: -\r\n", message)


@pytest.mark.parametrize("reply_to", [None, ["کمیته <replies@example.org>"]])
@pytest.mark.parametrize("name", MESSAGES)
def test_a_message_from_the_form_is_what_the_standard_library_writes(name, reply_to):
    form = MessageForm(
        from_email="کمیته بریتانیایی برای آزادی ایران <outreach@example.org>",
        reply_to=reply_to,
        boundary=BOUNDARY,
        same_for_all=("List-Unsubscribe-Post", "X-Campaign-Mailing"),
    )
    parts = MESSAGES[name]
    for _ in range(2):  # the second time from what the form keeps
        ours = form.message(headers=HEADERS, **parts)
        theirs = compose_message(
            from_email=form.from_email, reply_to=reply_to, boundary=BOUNDARY, headers=HEADERS, **parts
        )
        envelope_from, recipients, data = ours.prepared
        assert standard(data) == standard(theirs.message().as_bytes(linesep="\r\n"))
        # The envelope names the same addresses as Django's SMTP backend would give the server.
        assert quoteaddr(envelope_from) == "<outreach@example.org>"
        assert [quoteaddr(address) for address in recipients] == [
            quoteaddr(sanitize_address(address, "utf-8")) for address in theirs.recipients()
        ]

    # And a reader reads it back as written.
    read = email.message_from_bytes(data, policy=email.policy.default)
    assert " ".join(str(read["Subject"]).split()) == parts["subject"]
    text = read.get_body(preferencelist=("plain",)).get_content()
    assert text.strip().splitlines() == parts["text"].strip().splitlines()
    # (Decoded as RFC 2047 says: the space between two encoded words of a folded name is not the name's.)
    raw = email.message_from_bytes(data)
    assert str(make_header(decode_header(raw["From"]))) == form.from_email
    decoded = email.utils.parseaddr(str(make_header(decode_header(raw["To"]))))
    assert decoded == email.utils.parseaddr(str(make_header(decode_header(sanitize_address(parts["to"], "utf-8")))))
    assert decoded[0] == email.utils.parseaddr(parts["to"])[0]  # the name as written: مریم رجوی, Zoë Ñúñez-Gúzmán


def test_a_line_too_long_for_a_mail_is_left_to_the_standard_library():
    form = MessageForm(from_email="outreach@example.org", boundary=BOUNDARY)
    message = form.message(to="a@example.org", subject="x", text="y" * 1200, html="<p>z</p>", headers=HEADERS)
    assert message.prepared is None
    assert b"quoted-printable" in message.message().as_bytes()
