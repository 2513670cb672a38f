"""The mail petitions send, built by the outbox when its turn comes (see outbox/kinds.py)."""

import re

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaign.links import absolute_url
from campaign.mail import render_text
from outbox.kinds import MailKind, MailNotWanted
from outbox.messages import compose_message, header_text

from .models import Signature
from .services import ALREADY_SIGNED_MAIL, CONFIRMATION_MAIL
from .tokens import make_confirmation_token

# Letters of any script, in at most four words joined by a space, hyphen or apostrophe.
GREETABLE_NAME = re.compile(r"[^\W\d_]+(?:[ '’-][^\W\d_]+){0,3}")


def greeting_name(name):
    """The name to greet an unconfirmed signer by, or "" to greet them without one.

    Anyone can sign with someone else's address, so whatever was typed as a name goes, from our own
    address, to a stranger's inbox. Only a name that cannot carry a sentence, a link or a domain
    ("Friend. SECURITY ALERT: re-verify at bcif-verify.com") is repeated.
    """
    name = " ".join(name.split())
    return name if len(name) <= 40 and GREETABLE_NAME.fullmatch(name) else ""


def confirmation_message(signature, *, to_email):
    petition = signature.petition
    context = {
        "greeting_name": greeting_name(signature.name),
        "petition": petition,
        "confirm_url": settings.SITE_URL + reverse("petitions:confirm", args=[make_confirmation_token(signature)]),
        "valid_days": settings.SIGNATURE_CONFIRMATION_MAX_AGE // 86400,
        "organisation_name": petition.campaign.organisation.name,
    }
    return compose_message(
        to=to_email,
        subject=_("Please confirm your signature: %(title)s") % {"title": header_text(petition.title)},
        text=render_text("petitions/email/confirm.txt", context),
        html=render_to_string("petitions/email/confirm.html", context),
    )


class SignatureConfirmationMail(MailKind):
    name = CONFIRMATION_MAIL
    label = gettext_lazy("Signature confirmations")

    def prepare(self, mails):
        ids = [mail.about_id for mail in mails]
        signatures = Signature.objects.filter(pk__in=ids).select_related("petition__campaign__organisation")
        return {signature.pk: signature for signature in signatures}

    def build(self, mail, signatures):
        signature = signatures.get(mail.about_id)
        if signature is None or signature.status != Signature.Status.PENDING:
            raise MailNotWanted("The signature was confirmed, taken off or deleted before its mail went out.")
        return confirmation_message(signature, to_email=mail.to_email)


def already_signed_message(signature, *, to_email):
    """The answer to a second signing by a confirmed signer: the page says the same whether or not the
    address had signed, so only its owner learns it, here."""
    petition = signature.petition
    context = {
        "greeting_name": greeting_name(signature.name),
        "petition": petition,
        "petition_url": absolute_url(petition.get_absolute_url()),
        "confirmed_at": signature.confirmed_at,
        "organisation_name": petition.campaign.organisation.name,
    }
    return compose_message(
        to=to_email,
        subject=_("You have already signed: %(title)s") % {"title": header_text(petition.title)},
        text=render_text("petitions/email/already_signed.txt", context),
        html=render_to_string("petitions/email/already_signed.html", context),
    )


class AlreadySignedMail(SignatureConfirmationMail):
    name = ALREADY_SIGNED_MAIL
    label = gettext_lazy("Already signed")

    def build(self, mail, signatures):
        signature = signatures.get(mail.about_id)
        if signature is None or signature.status != Signature.Status.VALIDATED:
            raise MailNotWanted("The signature was taken off or deleted before its mail went out.")
        return already_signed_message(signature, to_email=mail.to_email)
