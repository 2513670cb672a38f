"""Kinds of mail: how each is built when its turn comes, registered by the app that owns it.

The sending loop knows nothing about petitions or mailings. For each claimed batch it asks each
kind present to `prepare` what the batch needs (in a few queries, not one per mail), then to
`build` each message. A kind may say a mail is no longer wanted (the signature was confirmed
meanwhile, the person unsubscribed) or must wait (its mailing was paused); any other error while
building fails that one mail, never its batch.
"""

from django.utils.translation import gettext_lazy as _

from .messages import compose_message

KINDS = {}


class MailNotWanted(Exception):
    """The mail is no longer to be sent: it is cancelled, with this reason."""


class MailHeld(Exception):
    """The mail must wait (its mailing was paused): it goes back to HELD, untouched."""


class MailKind:
    name = ""
    label = ""  # what staff call it: "Signature confirmations"
    # True when `build` reads only what `prepare` loaded: the sender may then build the next mail
    # while the database still answers the previous one's "sent" mark (outbox.services.Batch).
    builds_without_queries = False

    def prepare(self, mails):
        """Load what building `mails` needs; the result is passed to `build` and `after_batch`."""
        return None

    def build(self, mail, prepared):
        """An EmailMessage for `mail` (use outbox.messages.compose_message)."""
        raise NotImplementedError

    def after_batch(self, mails, prepared):
        """Called once the batch's outcomes are written, with the mails of this kind it held."""


def register(kind):
    KINDS[kind.name] = kind
    return kind


def kind_for(name):
    try:
        return KINDS[name]
    except KeyError:
        raise MailNotWanted(f"No kind of mail called “{name}” is registered.") from None


class ComposedMail(MailKind):
    """Mail whose subject, bodies and headers were written into the row when it was queued: staff
    alerts and test mails, which are few and must say exactly what they said at that moment."""

    name = "composed"
    label = _("Staff alerts and tests")

    def build(self, mail, prepared):
        content = mail.content or {}
        return compose_message(
            to=mail.to_email,
            subject=content.get("subject", ""),
            text=content.get("text", ""),
            html=content.get("html") or None,
            from_email=content.get("from_email") or None,
            reply_to=content.get("reply_to") or None,
            headers=content.get("headers") or None,
        )
