"""Turning a mailing and a recipient into an email message, in the recipient's language.

The outbox builds each message with the recipient's language active (outbox.services.mail_build).
A renderer serves one mailing in one language: the reader's. It takes the mailing's version in
that language when it is written (subject and text), else the mailing's original, with a short note
saying so; merge fields that go into the text (salutation, titles, dates) follow the text's
language, while links lead to the pages in the reader's (/fa/… for Persian)."""

import uuid

from django.conf import settings
from django.template.defaultfilters import linebreaks_filter
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.html import escape, format_html
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from campaign.content import fallback_note, is_right_to_left, value_in
from campaign.languages import site_language
from campaign.templatetags.languages import number
from constituencies.services import constituents_signed_by_mp
from events.models import Event
from letters.services import constituents_who_wrote_by_mp
from outbox.messages import MessageForm, sender
from people.models import Person
from petitions.models import Petition

from .merge import MERGE_FIELD, fill
from .tokens import make_unsubscribe_token


def absolute(path):
    return settings.SITE_URL + path


class MailingRenderer:
    """Holds what is the same for every recipient of a mailing in one language (the active one),
    so each message costs little."""

    def __init__(self, mailing):
        self.mailing = mailing
        self.language = site_language(translation.get_language())
        self.version = mailing.version_for(self.language)
        self.subject, self.body_text, self.body_html = (
            getattr(mailing, build_localized_fieldname(field, self.version)) or ""
            for field in ("subject", "body_text", "body_html")
        )
        self.note = fallback_note([self.version], self.language)
        self.shared = {
            "event_url": absolute(mailing.event.get_absolute_url()) if mailing.event_id else "",
            "event_title": value_in(mailing.event, "title", self.version) if mailing.event_id else "",
            "petition_url": absolute(mailing.petition.get_absolute_url()) if mailing.petition_id else "",
            "petition_title": value_in(mailing.petition, "title", self.version) if mailing.petition_id else "",
        }
        used = set(MERGE_FIELD.findall(self.subject + self.body_text + self.body_html))
        if "upcoming_events" in used:
            events = Event.objects.published().filter(starts_at__gte=timezone.now()).order_by("starts_at")[:10]
            self.shared["upcoming_events"] = "\n".join(
                f"- {value_in(e, 'title', self.version)}, {self.date(e.local_starts_at)}: "
                f"{absolute(e.get_absolute_url())}"
                for e in events
            )
        if "open_petitions" in used:
            petitions = Petition.objects.open().order_by("-opened_at")[:10]
            self.shared["open_petitions"] = "\n".join(
                f"- {value_in(p, 'title', self.version)}: {absolute(p.get_absolute_url())}" for p in petitions
            )
        # {person id: (constituency, how many there signed)} for every current MP, read once here.
        self.constituents = {}
        if used & {"constituency", "constituents_signed"}:
            self.constituents = constituents_signed_by_mp(self.petitions_counted())
        # {person id: constituents who wrote to them}, read once here too.
        self.writers = constituents_who_wrote_by_mp() if "constituents_wrote" in used else {}
        self.from_header = sender(mailing.from_name, mailing.from_email)
        self.boundary = f"=={uuid.uuid4().hex}=="
        # Sender, reply-to, boundary and the headers every recipient shares, encoded once.
        self.form = MessageForm(
            from_email=self.from_header,
            reply_to=[mailing.reply_to] if mailing.reply_to else None,
            boundary=self.boundary,
            same_for_all=("List-Unsubscribe-Post", "X-Campaign-Mailing"),
        )
        # The HTML layout is rendered once per mailing and language; each recipient's title, body and
        # link are put into it. The slots are random, so no text of a mailing or a person can look like one.
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
        self.text_mentions_unsubscribe = "unsubscribe_url" in MERGE_FIELD.findall(self.body_text)
        # The unsubscribe link, reversed once in this language; each reader's token goes into it.
        self.token_slot = f"token-{slot}"
        self.unsubscribe_url = absolute(reverse("outreach:unsubscribe", args=[self.token_slot]))

    def petitions_counted(self):
        """The mailing's petition; without one, every petition of its campaign."""
        if self.mailing.petition_id:
            return [self.mailing.petition_id]
        return list(Petition.objects.filter(campaign_id=self.mailing.campaign_id).values_list("pk", flat=True))

    def count(self, value):
        """A count as the text's language writes it: 1,234 or ۱٬۲۳۴."""
        with translation.override(self.version):
            return number(value)

    def date(self, moment):
        """A date as the text's language writes it: '10 September 2020'."""
        with translation.override(self.version):
            return formats.date_format(moment, "j F Y")

    def values_for(self, person):
        unsubscribe_url = self.unsubscribe_url.replace(self.token_slot, make_unsubscribe_token(person, self.mailing))
        salutation = person.salutation_in(self.version)
        if not salutation:
            # Someone we know no name for is still greeted: "Dear friend", in the text's language.
            with translation.override(self.version):
                salutation = _("friend")
        constituency, constituents_signed = self.constituents.get(person.pk, ("", 0))
        return {
            **self.shared,
            "constituency": constituency,
            "constituents_signed": self.count(constituents_signed),
            "constituents_wrote": self.count(self.writers.get(person.pk, 0)),
            "first_name": person.given_name or salutation,
            "full_name": person.full_name,
            "salutation": salutation,
            "unsubscribe_url": unsubscribe_url,
        }

    def parts(self, person):
        """(subject, text, html) for `person`: the text never HTML-escaped, the HTML escaped once."""
        values = self.values_for(person)
        subject = fill(self.subject, values, header=True)
        text = fill(self.body_text, values)
        if self.note:
            text = f"{self.note}\n\n{text}"
        if not self.text_mentions_unsubscribe:
            # The link on a line of its own, so that it reads the same in a right-to-left language.
            text += "\n\n--\n" + _("To stop receiving these emails, unsubscribe:") + f"\n{values['unsubscribe_url']}\n"
        if self.body_html:
            body_html = fill(self.body_html, values, html=True)
        else:
            body_html = linebreaks_filter(fill(self.body_text, values), autoescape=True)
        if self.note:
            # The original, marked as written in its own language and direction, after the note.
            body_html = (
                format_html(
                    '<p style="font-size:0.9em;color:#6c757d;">{}</p><div lang="{}" dir="{}">',
                    self.note,
                    self.version,
                    "rtl" if is_right_to_left(self.version) else "ltr",
                )
                + f"{body_html}</div>"
            )
        html = (
            self.layout.replace(self.slots["title"], escape(subject))
            .replace(self.slots["unsubscribe"], escape(values["unsubscribe_url"]))
            .replace(self.slots["body"], body_html)
        )
        return subject, text, html, values

    def message(self, person, email):
        subject, text, html, values = self.parts(person)
        return self.form.message(
            to=email,
            subject=subject,
            text=text,
            html=html,
            headers={
                # RFC 8058: mail clients may unsubscribe with a POST to this URL, no page in between.
                "List-Unsubscribe": f"<{values['unsubscribe_url']}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "X-Campaign-Mailing": str(self.mailing.pk),
            },
        )


def may_receive(person, mailing):
    """Checked again at sending time: people who unsubscribe after a mailing started are left out."""
    if person.email_consent in (Person.EmailConsent.UNSUBSCRIBED, Person.EmailConsent.BOUNCED):
        return False
    return not mailing.is_supporter_mail or person.email_consent == Person.EmailConsent.SUBSCRIBED
