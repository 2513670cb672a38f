"""Building email messages the same way for every kind of mail.

Every header value is checked for line breaks before anything is sent (a name or title with a
CR/LF must fail its own message with a clear reason, not the batch with a BadHeaderError), the
Message-ID names the site's own domain rather than the server's host name, and the MIME form is
built once, when the mail is built, so that an error shows there and sending does not build it again.
"""

import re
from email import policy
from email.utils import formataddr, formatdate, make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import RFC5322_EMAIL_LINE_LENGTH_LIMIT, forbid_multi_line_headers, sanitize_address


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
    prepared = None  # (envelope sender, envelope recipients, the message's bytes) from a MessageForm

    def message(self, *args, **kwargs):
        if self._built is None:
            built = super().message(*args, **kwargs)
            if self.boundary:
                built.set_boundary(self.boundary)
            self._built = built
        return self._built

    def send_over(self, backend):
        """Send over an open connection of `backend`: the prepared bytes straight to the SMTP
        server when there are some (what Django's SMTP backend would send, made cheaper), else
        through the backend as any message. Raises what smtplib raises."""
        smtp = getattr(backend, "connection", None)
        if self.prepared is None or not isinstance(backend, SMTPBackend) or smtp is None:
            return backend.send_messages([self])
        envelope_from, recipients, data = self.prepared
        smtp.sendmail(envelope_from, recipients, data)
        return 1


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


# --- Many messages from one form --------------------------------------------------------------------

# The standard library's way of writing a header for Django (compat32, folded at 78, CRLF).
FOLDING = policy.compat32.clone(linesep="\r\n")
LINE_BREAK = re.compile(r"\r\n|\r|\n")
PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+")


def header_line(name, value):
    """One header as Django and the standard library write it: encoded when it is not ASCII
    (RFC 2047 words, or each address's name), then folded."""
    name, value = forbid_multi_line_headers(name, value, "utf-8")
    return FOLDING.fold_binary(name, value)


def part_body(text):
    """(Content-Transfer-Encoding, bytes) of a UTF-8 text part as Django writes it, or None when it
    has a line too long for 7bit/8bit (Django then quotes it: the form leaves that to Django)."""
    if any(len(line.encode(errors="surrogateescape")) > RFC5322_EMAIL_LINE_LENGTH_LIMIT for line in text.splitlines()):
        return None
    return ("7bit" if text.isascii() else "8bit"), LINE_BREAK.sub("\r\n", text).encode()


class MessageForm:
    """A bulk message compiled once (one mailing in one language): the sender, reply-to, boundary and
    the headers that are the same for everyone are encoded once; each recipient's subject, address,
    headers and two bodies are encoded into it as the standard library would (tests compare the bytes
    with what Django builds), without building a MIME tree per message. A message the form cannot
    write exactly (no text, a line over 998 bytes) is built the ordinary way."""

    def __init__(self, *, from_email, reply_to=None, boundary, same_for_all=()):
        self.from_email = single_line(from_email, "sender")
        self.reply_to = [single_line(address, "reply-to address") for address in (reply_to or [])]
        self.boundary = boundary
        self.charset = settings.DEFAULT_CHARSET.lower()
        # The multipart's own headers, exactly as the standard library writes them for this boundary.
        skeleton = OutboxMessage(subject="-", body="-", from_email=self.from_email, to=["a@example.org"])
        skeleton.attach_alternative("-", "text/html")
        skeleton.boundary = boundary
        self.top = skeleton.message().as_bytes(linesep="\r\n").split(b"\r\nSubject: ", 1)[0] + b"\r\n"
        self.from_line = header_line("From", self.from_email)
        self.reply_to_line = header_line("Reply-To", ", ".join(self.reply_to)) if self.reply_to else b""
        self.envelope_from = sanitize_address(self.from_email, "utf-8")
        self.same_for_all = {name.lower() for name in same_for_all}
        self.lines = {}
        self.delimiter = boundary.encode() + b"\r\n"

    def header(self, name, value):
        single_line(name, "header name")
        if name.lower() not in self.same_for_all:
            return header_line(name, single_line(value, f"header {name}"))
        key = (name, value)
        if key not in self.lines:
            self.lines[key] = header_line(name, single_line(value, f"header {name}"))
        return self.lines[key]

    def message(self, *, to, subject, text, html, headers=None):
        headers = dict(headers or {})
        headers.setdefault("Message-ID", make_msgid(domain=message_id_domain()))
        plain, rich = (part_body(text) if text else None), part_body(html)
        if self.charset != "utf-8" or plain is None or rich is None:
            return compose_message(
                to=to,
                subject=subject,
                text=text,
                html=html,
                from_email=self.from_email,
                reply_to=self.reply_to or None,
                headers=headers,
                boundary=self.boundary,
            )
        to = single_line(to, "recipient address")
        subject = single_line(subject, "subject")
        message = OutboxMessage(
            subject=subject,
            body=text,
            from_email=self.from_email,
            to=[to],
            reply_to=self.reply_to or None,
            headers=headers,
        )
        message.attach_alternative(html, "text/html")
        message.boundary = self.boundary
        try:
            data = b"".join(
                [
                    self.top,
                    header_line("Subject", subject),
                    self.from_line,
                    header_line("To", to),
                    self.reply_to_line,
                    b""
                    if any(name.lower() == "date" for name in headers)
                    else header_line("Date", formatdate(localtime=settings.EMAIL_USE_LOCALTIME)),
                    *(
                        self.header(name, value)
                        for name, value in headers.items()
                        if name.lower() not in {"from", "to", "cc", "reply-to"}
                    ),
                    b"\r\n--",
                    self.delimiter,
                    b'Content-Type: text/plain; charset="utf-8"\r\nMIME-Version: 1.0\r\n',
                    b"Content-Transfer-Encoding: %s\r\n\r\n" % plain[0].encode(),
                    plain[1],
                    b"\r\n--",
                    self.delimiter,
                    b'Content-Type: text/html; charset="utf-8"\r\nMIME-Version: 1.0\r\n',
                    b"Content-Transfer-Encoding: %s\r\n\r\n" % rich[0].encode(),
                    rich[1],
                    b"\r\n--",
                    self.boundary.encode(),
                    b"--\r\n",
                ]
            )
        except MailCannotBeBuilt:
            raise
        except Exception as error:  # noqa: BLE001 (whatever the email package refuses fails this one message)
            raise MailCannotBeBuilt(f"The message could not be built: {error}") from error
        recipient = to if PLAIN_ADDRESS.fullmatch(to) else sanitize_address(to, "utf-8")
        message.prepared = (self.envelope_from, [recipient], data)
        return message
