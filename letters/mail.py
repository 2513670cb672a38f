"""The mail letters send, built by the outbox when its turn comes (see outbox/kinds.py): built from
the letter's row at that moment, so that the letter's text is never copied into the outbox."""

from email.utils import parseaddr

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaign.mail import render_text
from outbox.kinds import MailKind, MailNotWanted
from outbox.messages import compose_message, header_text, sender
from petitions.mail import greeting_name

from .models import Letter
from .services import CONFIRMATION_MAIL, COPY_MAIL, LETTER_MAIL, letters_mark_sent
from .tokens import make_confirmation_token


def letters_from_address():
    """Our own address that letters come From (the writer's name is shown with it)."""
    return settings.LETTERS_FROM_ADDRESS or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def organisation_name(letter):
    return letter.campaign.recommendation.campaign.organisation.name


class LetterMailKind(MailKind):
    """Every letter mail needs its letter with campaign, organisation and recipient."""

    def prepare(self, mails):
        return Letter.objects.select_related("campaign__recommendation__campaign__organisation", "recipient").in_bulk(
            {mail.about_id for mail in mails}
        )


def writer_mail_context(letter):
    """What every mail to a letter's writer says of it: their greeting, the letter, to whom, from whom."""
    return {
        "greeting_name": greeting_name(letter.writer_name),
        "letter": letter,
        "recipient_name": letter.recipient_name,
        "organisation_name": organisation_name(letter),
    }


def confirmation_message(letter, *, to_email):
    context = {
        **writer_mail_context(letter),
        "confirm_url": settings.SITE_URL + reverse("letters:confirm", args=[make_confirmation_token(letter)]),
        "valid_days": settings.LETTER_CONFIRMATION_MAX_AGE // 86400,
    }
    return compose_message(
        to=to_email,
        subject=_("Please confirm your letter to %(name)s") % {"name": header_text(context["recipient_name"])},
        text=render_text("letters/email/confirm.txt", context),
    )


class LetterConfirmationMail(LetterMailKind):
    name = CONFIRMATION_MAIL
    label = gettext_lazy("Letter confirmations")

    def build(self, mail, letters):
        letter = letters.get(mail.about_id)
        if letter is None or letter.status != Letter.Status.AWAITING_CONFIRMATION:
            raise MailNotWanted("The letter was confirmed, refused or deleted before its mail went out.")
        return confirmation_message(letter, to_email=mail.to_email)


def letter_message(letter, *, to_email):
    """The letter itself, as its recipient receives it: From our address under the writer's name (we
    may not send as their address; their own provider would fail our mail's checks), Reply-To the
    writer, so that a reply reaches them and not us."""
    context = {"letter": letter, "organisation_name": organisation_name(letter)}
    return compose_message(
        to=to_email,
        subject=header_text(letter.subject),
        text=render_text("letters/email/letter.txt", context),
        from_email=sender(header_text(letter.writer_name), letters_from_address()),
        reply_to=[sender(header_text(letter.writer_name), letter.writer_email)],
    )


class LetterToRepresentativeMail(LetterMailKind):
    name = LETTER_MAIL
    label = gettext_lazy("Letters to representatives")

    def build(self, mail, letters):
        letter = letters.get(mail.about_id)
        if letter is None or letter.status not in Letter.WRITTEN:
            raise MailNotWanted("The letter was refused or erased before it went out.")
        return letter_message(letter, to_email=mail.to_email)

    def after_batch(self, mails, prepared):
        letters_mark_sent(mail_ids=[mail.pk for mail in mails])


def copy_message(letter, *, to_email):
    context = writer_mail_context(letter)
    return compose_message(
        to=to_email,
        subject=_("Your letter to %(name)s") % {"name": header_text(context["recipient_name"])},
        text=render_text("letters/email/copy.txt", context),
    )


class LetterCopyToWriterMail(LetterMailKind):
    name = COPY_MAIL
    label = gettext_lazy("Copies of letters to their writers")

    def build(self, mail, letters):
        letter = letters.get(mail.about_id)
        if letter is None or letter.status not in Letter.WRITTEN:
            raise MailNotWanted("The letter was refused or erased before its copy went out.")
        return copy_message(letter, to_email=mail.to_email)
