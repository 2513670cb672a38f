"""Turning a mailing and a recipient into an email message."""

import uuid

from django.conf import settings
from django.template.defaultfilters import linebreaks_filter
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from campaign.templatetags.languages import long_date
from events.models import Event
from outbox.messages import compose_message, sender
from people.models import Person
from petitions.models import Petition

from .merge import MERGE_FIELD, fill
from .tokens import make_unsubscribe_token


def absolute(path):
    return settings.SITE_URL + path


class MailingRenderer:
    """Holds what is the same for every recipient of a mailing, so each message costs little."""

    def __init__(self, mailing):
        self.mailing = mailing
        self.shared = {
            "event_url": absolute(mailing.event.get_absolute_url()) if mailing.event_id else "",
            "event_title": mailing.event.title if mailing.event_id else "",
            "petition_url": absolute(mailing.petition.get_absolute_url()) if mailing.petition_id else "",
            "petition_title": mailing.petition.title if mailing.petition_id else "",
        }
        used = set(MERGE_FIELD.findall(mailing.subject + mailing.body_text + mailing.body_html))
        if "upcoming_events" in used:
            events = Event.objects.published().filter(starts_at__gte=timezone.now()).order_by("starts_at")[:10]
            self.shared["upcoming_events"] = "\n".join(
                f"- {e.title}, {long_date(e.local_starts_at)}: {absolute(e.get_absolute_url())}" for e in events
            )
        if "open_petitions" in used:
            petitions = Petition.objects.open().order_by("-opened_at")[:10]
            self.shared["open_petitions"] = "\n".join(
                f"- {p.title}: {absolute(p.get_absolute_url())}" for p in petitions
            )
        self.from_header = sender(mailing.from_name, mailing.from_email)
        self.boundary = f"=={uuid.uuid4().hex}=="
        # The HTML layout is rendered once per mailing; each recipient's title, body and link are put
        # into it. The slots are random, so no text of a mailing or a person can look like one.
        slot = uuid.uuid4().hex
        self.slots = {"title": f"title-{slot}", "body": f"body-{slot}", "unsubscribe": f"unsubscribe-{slot}"}
        self.layout = render_to_string(
            "outreach/email/layout.html",
            {
                "title": self.slots["title"],
                "body_html": self.slots["body"],
                "unsubscribe_url": self.slots["unsubscribe"],
                "mailing": mailing,
            },
        )
        self.text_mentions_unsubscribe = "unsubscribe_url" in MERGE_FIELD.findall(mailing.body_text)

    def values_for(self, person):
        unsubscribe_url = absolute(reverse("outreach:unsubscribe", args=[make_unsubscribe_token(person, self.mailing)]))
        # Someone we know no name for is still greeted: "Dear friend".
        salutation = person.formal_salutation() or _("friend")
        return {
            **self.shared,
            "first_name": person.given_name or salutation,
            "full_name": person.full_name,
            "salutation": salutation,
            "unsubscribe_url": unsubscribe_url,
        }

    def parts(self, person):
        """(subject, text, html) for `person`: the text never HTML-escaped, the HTML escaped once."""
        values = self.values_for(person)
        subject = fill(self.mailing.subject, values, header=True)
        text = fill(self.mailing.body_text, values)
        if not self.text_mentions_unsubscribe:
            # The link on a line of its own, so that it reads the same in a right-to-left language.
            text += "\n\n--\n" + _("To stop receiving these emails, unsubscribe:") + f"\n{values['unsubscribe_url']}\n"
        if self.mailing.body_html:
            body_html = fill(self.mailing.body_html, values, html=True)
        else:
            body_html = linebreaks_filter(fill(self.mailing.body_text, values), autoescape=True)
        html = (
            self.layout.replace(self.slots["title"], escape(subject))
            .replace(self.slots["unsubscribe"], escape(values["unsubscribe_url"]))
            .replace(self.slots["body"], body_html)
        )
        return subject, text, html, values

    def message(self, person, email):
        subject, text, html, values = self.parts(person)
        return compose_message(
            to=email,
            subject=subject,
            text=text,
            html=html,
            from_email=self.from_header,
            reply_to=[self.mailing.reply_to] if self.mailing.reply_to else None,
            headers={
                # RFC 8058: mail clients may unsubscribe with a POST to this URL, no page in between.
                "List-Unsubscribe": f"<{values['unsubscribe_url']}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "X-Campaign-Mailing": str(self.mailing.pk),
            },
            boundary=self.boundary,
        )


def may_receive(person, mailing):
    """Checked again at sending time: people who unsubscribe after a mailing started are left out."""
    if person.email_consent in (Person.EmailConsent.UNSUBSCRIBED, Person.EmailConsent.BOUNCED):
        return False
    return not mailing.is_supporter_mail or person.email_consent == Person.EmailConsent.SUBSCRIBED
