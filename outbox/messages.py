"""Building email messages the same way for every kind of mail.

Every header value is checked for line breaks before anything is sent (a name or title with a
CR/LF must fail its own message with a clear reason, not the batch with a BadHeaderError), the
Message-ID names the site's own domain rather than the server's host name, and the MIME form is
built once, when the mail is built, so that an error shows there and sending does not build it again.
"""

from email.utils import formataddr, make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives


class MailCannotBeBuilt(ValueError):
    """This one message cannot be built from what it is made of."""


def single_line(value, what):
    text = str(value)
    if "\n" in text or "\r" in text:
        raise MailCannotBeBuilt(f"The {what} contains a line break, which a mail header cannot carry: {text!r:.80}")
    return text


def header_text(value):
    """A value made fit for a header: runs of whitespace, line breaks included, become one space."""
    return " ".join(str(value).split())


def message_id_domain():
    return settings.MAIL_MESSAGE_ID_DOMAIN or urlsplit(settings.SITE_URL).hostname or "localhost"


class OutboxMessage(EmailMultiAlternatives):
    """An EmailMultiAlternatives whose MIME form is built once. `boundary`, when set (one per
    mailing), spares the standard library making and checking a new one for every message."""

    boundary = None
    _built = None

    def message(self, *args, **kwargs):
        if self._built is None:
            built = super().message(*args, **kwargs)
            if self.boundary:
                built.set_boundary(self.boundary)
            self._built = built
        return self._built


def compose_message(
    *, to, subject, text, html=None, from_email=None, reply_to=None, headers=None, boundary=None, attachments=()
):
    """A message ready to send, or MailCannotBeBuilt saying why not. `attachments` are
    (filename, content, mimetype) triples: an .ics calendar file, say."""
    headers = dict(headers or {})
    for name, value in headers.items():
        single_line(name, "header name")
        single_line(value, f"header {name}")
    headers.setdefault("Message-ID", make_msgid(domain=message_id_domain()))
    message = OutboxMessage(
        subject=single_line(subject, "subject"),
        body=text,
        from_email=single_line(from_email or settings.DEFAULT_FROM_EMAIL, "sender"),
        to=[single_line(to, "recipient address")],
        reply_to=[single_line(address, "reply-to address") for address in (reply_to or [])] or None,
        headers=headers,
    )
    if html:
        message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(single_line(filename, "attachment's name"), content, mimetype)
    message.boundary = boundary
    try:
        message.message()
    except MailCannotBeBuilt:
        raise
    except Exception as error:  # noqa: BLE001 (whatever the email package refuses fails this one message)
        raise MailCannotBeBuilt(f"The message could not be built: {error}") from error
    return message


def sender(name, address):
    """'Name <address>' with the name quoted or encoded as needed, refusing line breaks."""
    return formataddr((single_line(name, "sender name"), single_line(address, "sender address")))
