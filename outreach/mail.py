"""The mail outreach sends, built by the outbox when its turn comes: a mailing's message to one
recipient (built at send time from the mailing and the person, so that a mailing to 100,000 people
stores no bodies), and the link that puts an unsubscribed person back on the list."""

from contextlib import suppress

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaign.languages import site_language
from campaign.mail import render_text
from campaign.models import Organisation
from outbox.kinds import MailHeld, MailKind, MailNotWanted
from outbox.messages import compose_message
from outbox.models import OutgoingMail
from people.models import Person

from .models import MAILING_MAIL, RESUBSCRIBE_MAIL, Mailing
from .rendering import MailingRenderer, may_receive
from .services import mailing_after_batch
from .tokens import make_resubscribe_token


class Prepared:
    def __init__(self, mails):
        self.mailings = Mailing.objects.select_related("audience", "event", "petition").in_bulk(
            {mail.about_id for mail in mails}
        )
        self.people = Person.objects.in_bulk({mail.person_id for mail in mails if mail.person_id})
        # One renderer per mailing and language, made here so that building each mail reads nothing
        # from the database: the outbox builds each mail in its recipient's language.
        self.renderers = {}
        for mail in mails:
            mailing = self.mailings.get(mail.about_id)
            if mailing is not None and mailing.status == Mailing.Status.SENDING:
                with translation.override(site_language(mail.language)), suppress(Exception):
                    self.renderer(mailing)

    def renderer(self, mailing):
        key = (mailing.pk, translation.get_language())
        if key not in self.renderers:
            try:
                self.renderers[key] = MailingRenderer(mailing)
            except Exception as error:  # noqa: BLE001 (kept: each of its mails fails with it, not the batch)
                self.renderers[key] = error
        renderer = self.renderers[key]
        if isinstance(renderer, Exception):
            raise renderer
        return renderer


class MailingMail(MailKind):
    name = MAILING_MAIL
    label = gettext_lazy("Mailings")
    builds_without_queries = True

    def prepare(self, mails):
        return Prepared(mails)

    def build(self, mail, prepared):
        mailing = prepared.mailings.get(mail.about_id)
        if mailing is None:
            raise MailNotWanted("The mailing was deleted.")
        if mailing.status == Mailing.Status.CANCELLED:
            raise MailNotWanted("The mailing was cancelled.")
        if mailing.status != Mailing.Status.SENDING:
            raise MailHeld
        person = prepared.people.get(mail.person_id)
        if person is None:
            raise MailNotWanted("The recipient was erased.")
        if not may_receive(person, mailing):
            raise MailNotWanted("Opted out since the mailing started.")
        return prepared.renderer(mailing).message(person, mail.to_email)

    def after_batch(self, mails, prepared):
        failed = set(
            OutgoingMail.objects.filter(pk__in=[mail.pk for mail in mails], status=OutgoingMail.Status.FAILED)
            .values_list("about_id", flat=True)
            .distinct()
        )
        for mailing_id in {mail.about_id for mail in mails}:
            mailing_after_batch(mailing_id, had_failures=mailing_id in failed)


class ResubscribeMail(MailKind):
    name = RESUBSCRIBE_MAIL
    label = gettext_lazy("Re-subscribe links")

    def build(self, mail, prepared):
        person = Person.objects.filter(pk=mail.about_id).first()
        if person is None or not person.email or person.email.lower() != mail.to_email.lower():
            raise MailNotWanted("The person was erased or their address changed.")
        organisation = Organisation.objects.filter(runs_this_site=True).first()
        context = {
            "organisation_name": organisation.name if organisation else "",
            "confirm_url": settings.SITE_URL
            + reverse("outreach:resubscribe-confirm", args=[make_resubscribe_token(person)]),
            "valid_days": settings.OUTREACH_RESUBSCRIBE_MAX_AGE // 86400,
        }
        return compose_message(
            to=mail.to_email,
            subject=_("Keep receiving our campaign email?"),
            text=render_text("outreach/email/resubscribe.txt", context),
            html=render_to_string("outreach/email/resubscribe.html", context),
        )
