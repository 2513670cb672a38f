"""Turning a mailing and a recipient into an email message."""

import uuid
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.defaultfilters import linebreaks_filter
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from events.models import Event
from petitions.models import Petition

from .merge import MERGE_FIELD, fill
from .tokens import make_unsubscribe_token


def absolute(path):
    return settings.SITE_URL + path


class MailingMessage(EmailMultiAlternatives):
    """A message whose MIME boundary is chosen once per mailing: the standard library otherwise
    makes one per message and compiles a regular expression to check it, a tenth of the cost of
    a message. The boundary is random, so it cannot occur in a body."""

    boundary = None

    def message(self, *args, **kwargs):
        message = super().message(*args, **kwargs)
        if self.boundary:
            message.set_boundary(self.boundary)
        return message


BODY_SLOT = "\x00body\x00"
UNSUBSCRIBE_SLOT = "\x00unsubscribe\x00"


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
        used = set(MERGE_FIELD.findall(mailing.body_text + mailing.body_html))
        if "upcoming_events" in used:
            events = Event.objects.published().filter(starts_at__gte=timezone.now()).order_by("starts_at")[:10]
            self.shared["upcoming_events"] = "\n".join(
                f"- {e.title}, {e.local_starts_at:%-d %B %Y}: {absolute(e.get_absolute_url())}" for e in events
            )
        if "open_petitions" in used:
            petitions = Petition.objects.open().order_by("-opened_at")[:10]
            self.shared["open_petitions"] = "\n".join(
                f"- {p.title}: {absolute(p.get_absolute_url())}" for p in petitions
            )
        self.from_header = formataddr((mailing.from_name, mailing.from_email))
        self.boundary = f"=={uuid.uuid4().hex}=="
        # The HTML layout is rendered once; each recipient's body and link are put into it.
        self.layout = render_to_string(
            "outreach/email/layout.html",
            {"body_html": BODY_SLOT, "unsubscribe_url": UNSUBSCRIBE_SLOT, "mailing": mailing},
        )
        self.text_mentions_unsubscribe = "unsubscribe_url" in MERGE_FIELD.findall(mailing.body_text)

    def values_for(self, person):
        unsubscribe_url = absolute(
            reverse("outreach:unsubscribe", args=[make_unsubscribe_token(person.pk, self.mailing.pk)])
        )
        return {
            **self.shared,
            "first_name": person.given_name if person.given_name else person.formal_salutation(),
            "full_name": person.full_name,
            "salutation": person.formal_salutation(),
            "unsubscribe_url": unsubscribe_url,
        }

    def message(self, person, email, connection=None):
        values = self.values_for(person)
        text = fill(self.mailing.body_text, values)
        if not self.text_mentions_unsubscribe:
            text += f"\n\n--\nTo stop receiving these emails, unsubscribe: {values['unsubscribe_url']}\n"
        if self.mailing.body_html:
            body_html = fill(self.mailing.body_html, values, html=True)
        else:
            body_html = linebreaks_filter(fill(self.mailing.body_text, values), autoescape=True)
        html = self.layout.replace(UNSUBSCRIBE_SLOT, escape(values["unsubscribe_url"])).replace(BODY_SLOT, body_html)
        message = MailingMessage(
            subject=fill(self.mailing.subject, values),
            body=text,
            from_email=self.from_header,
            to=[email],
            reply_to=[self.mailing.reply_to] if self.mailing.reply_to else None,
            connection=connection,
            headers={
                # RFC 8058: mail clients may unsubscribe with a POST to this URL, no page in between.
                "List-Unsubscribe": f"<{values['unsubscribe_url']}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "X-Campaign-Mailing": str(self.mailing.pk),
            },
        )
        message.attach_alternative(html, "text/html")
        message.boundary = self.boundary
        return message
