"""The mail petitions send, built by the outbox when its turn comes (see outbox/kinds.py)."""

import re
import uuid

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaign.links import absolute_url
from campaign.mail import render_text
from campaign.templatetags.languages import number
from outbox.kinds import MailKind, MailNotWanted
from outbox.messages import MessageForm, compose_message, header_text

# The unsubscribe link of campaign email (outreach's, without a mailing): a leaf module of plain
# signing, so one "unsubscribe" page serves every kind of campaign mail.
from outreach.tokens import make_unsubscribe_token
from people.models import Person

from .models import Milestone, Signature
from .services import ALREADY_SIGNED_MAIL, CONFIRMATION_MAIL, MILESTONE_MAIL
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


def confirmation_message(signature, *, to_email, form=None):
    """The mail asking a signer to confirm; written into `form` (a MessageForm of the batch) when
    given, which spares building and flattening a MIME tree for each of a surge's mails."""
    petition = signature.petition
    context = {
        "greeting_name": greeting_name(signature.name),
        "petition": petition,
        "confirm_url": settings.SITE_URL + reverse("petitions:confirm", args=[make_confirmation_token(signature)]),
        "valid_days": settings.SIGNATURE_CONFIRMATION_MAX_AGE // 86400,
        "organisation_name": petition.campaign.organisation.name,
    }
    return (form.message if form else compose_message)(
        to=to_email,
        subject=_("Please confirm your signature: %(title)s") % {"title": header_text(petition.title)},
        text=render_text("petitions/email/confirm.txt", context),
        html=render_to_string("petitions/email/confirm.html", context),
    )


class SignatureConfirmationMail(MailKind):
    name = CONFIRMATION_MAIL
    label = gettext_lazy("Signature confirmations")
    builds_without_queries = True  # everything `build` reads is selected in `prepare`

    def prepare(self, mails):
        ids = [mail.about_id for mail in mails]
        signatures = Signature.objects.filter(pk__in=ids).select_related("petition__campaign__organisation")
        # One form for the batch's messages: they share the sender and a boundary.
        form = MessageForm(from_email=settings.DEFAULT_FROM_EMAIL, boundary=f"=={uuid.uuid4().hex}==")
        return {signature.pk: signature for signature in signatures}, form

    def build(self, mail, prepared):
        signatures, form = prepared
        signature = signatures.get(mail.about_id)
        if signature is None or signature.status != Signature.Status.PENDING:
            raise MailNotWanted("The signature was confirmed, taken off or deleted before its mail went out.")
        return confirmation_message(signature, to_email=mail.to_email, form=form)


def milestone_message(milestone, person, *, to_email):
    """The news that a petition someone signed passed a milestone, in the active language (the
    recipient's: the outbox builds each mail in it), with a one-click unsubscribe link."""
    petition = milestone.petition
    unsubscribe_url = settings.SITE_URL + reverse("outreach:unsubscribe", args=[make_unsubscribe_token(person)])
    context = {
        "greeting_name": greeting_name(person.given_name),
        "petition": petition,
        "milestone": milestone,
        "count": number(milestone.signatures),
        "petition_url": settings.SITE_URL + petition.get_absolute_url(),
        "unsubscribe_url": unsubscribe_url,
        "organisation_name": petition.campaign.organisation.name,
    }
    return compose_message(
        to=to_email,
        subject=_("“%(title)s” has passed %(count)s signatures")
        % {"title": header_text(petition.title), "count": context["count"]},
        text=render_text("petitions/email/milestone.txt", context),
        html=render_to_string("petitions/email/milestone.html", context),
        headers={
            # RFC 8058: mail clients may unsubscribe with a POST to this URL, no page in between.
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


class MilestoneMail(MailKind):
    name = MILESTONE_MAIL
    label = gettext_lazy("Petition milestones")

    def prepare(self, mails):
        milestones = Milestone.objects.select_related("petition__campaign__organisation").in_bulk(
            {mail.about_id for mail in mails}
        )
        people = Person.objects.in_bulk({mail.person_id for mail in mails if mail.person_id})
        return milestones, people

    def build(self, mail, prepared):
        milestones, people = prepared
        milestone = milestones.get(mail.about_id)
        if milestone is None:
            raise MailNotWanted("The milestone was deleted.")
        person = people.get(mail.person_id)
        if person is None:
            raise MailNotWanted("The recipient was erased.")
        if person.email_consent != Person.EmailConsent.SUBSCRIBED:
            raise MailNotWanted("Opted out since the milestone was reached.")
        return milestone_message(milestone, person, to_email=mail.to_email)


def already_signed_message(signature, *, to_email, form=None):
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
    return (form.message if form else compose_message)(
        to=to_email,
        subject=_("You have already signed: %(title)s") % {"title": header_text(petition.title)},
        text=render_text("petitions/email/already_signed.txt", context),
        html=render_to_string("petitions/email/already_signed.html", context),
    )


class AlreadySignedMail(SignatureConfirmationMail):
    name = ALREADY_SIGNED_MAIL
    label = gettext_lazy("Already signed")

    def build(self, mail, prepared):
        signatures, form = prepared
        signature = signatures.get(mail.about_id)
        if signature is None or signature.status != Signature.Status.VALIDATED:
            raise MailNotWanted("The signature was taken off or deleted before its mail went out.")
        return already_signed_message(signature, to_email=mail.to_email, form=form)
