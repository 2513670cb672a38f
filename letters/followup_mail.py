"""The mail of what happens after a letter is sent, built by the outbox when its turn comes (see
outbox/kinds.py): "Did your MP reply?" a fortnight on, and staff's thanks. Each is built from the
letter row in the writer's language; a letter erased or anonymised meanwhile is not written about."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaign.mail import render_text
from campaign.templatetags.languages import long_date
from outbox.kinds import MailKind, MailNotWanted
from outbox.messages import compose_message, header_text
from people.data_rights import ERASED_NAME
from petitions.mail import greeting_name

from .followup import SURVEY_MAIL, THANKS_MAIL
from .mail import organisation_name
from .models import Letter
from .survey_links import make_survey_token


def recipient_label(letter):
    """Whom the letter went to, as the writer knows them: 'Roger Gale', or the office's name."""
    if letter.recipient_id:
        return letter.recipient.name
    return letter.campaign.office_name


def letter_context(letter):
    sent_on = timezone.localdate(letter.sent_at) if letter.sent_at else None
    return {
        "greeting_name": greeting_name(letter.writer_name),
        "recipient_name": recipient_label(letter),
        "subject": letter.subject,
        "sent_on": long_date(sent_on) if sent_on else "",
        "campaign": letter.campaign,
        "organisation_name": organisation_name(letter),
    }


def survey_url(letter):
    return settings.SITE_URL + reverse("letters:survey", args=[make_survey_token(letter)])


class LetterMailKind(MailKind):
    def prepare(self, mails):
        letters = Letter.objects.select_related("campaign__recommendation__campaign__organisation", "recipient")
        return letters.in_bulk({mail.about_id for mail in mails})

    def letter_for(self, mail, letters):
        letter = letters.get(mail.about_id)
        if letter is None or letter.writer_name == ERASED_NAME:
            raise MailNotWanted("The letter was deleted or its writer's details erased.")
        return letter


class LetterSurveyMail(LetterMailKind):
    name = SURVEY_MAIL
    label = gettext_lazy("Letters: did your MP reply?")

    def build(self, mail, letters):
        letter = self.letter_for(mail, letters)
        if letter.reply_reported in (Letter.Reply.YES, Letter.Reply.NO):
            raise MailNotWanted("The writer already told us whether their MP replied.")
        context = {
            **letter_context(letter),
            "survey_url": survey_url(letter),
            "valid_days": settings.LETTER_SURVEY_LINK_MAX_AGE // 86400,
        }
        return compose_message(
            to=mail.to_email,
            subject=_("Did %(name)s reply to your letter?") % {"name": header_text(context["recipient_name"])},
            text=render_text("letters/email/survey.txt", context),
            html=render_to_string("letters/email/survey.html", context),
        )


class LetterThanksMail(LetterMailKind):
    name = THANKS_MAIL
    label = gettext_lazy("Letters: thanks to writers")

    def build(self, mail, letters):
        letter = self.letter_for(mail, letters)
        context = {**letter_context(letter), "survey_url": survey_url(letter)}
        return compose_message(
            to=mail.to_email,
            subject=_("Thank you for writing to %(name)s") % {"name": header_text(context["recipient_name"])},
            text=render_text("letters/email/thanks.txt", context),
            html=render_to_string("letters/email/thanks.html", context),
        )
