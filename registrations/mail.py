"""The mail registrants get, built by the outbox when its turn comes (see outbox/kinds.py).

Every kind is about one registrant and is built in the language they registered in. Each checks,
when it is built, that it is still wanted: a confirmation link only while the registration is
pending, reminders only for someone holding a place before the event starts, and so on, so a row
the planning missed can only be cancelled, never sent wrongly. All kinds share one layout
(templates/registrations/email/message.html and .txt): a greeting, paragraphs, a button, the
event's details and the link to one's registration.
"""

import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from campaign.links import absolute_url
from campaign.mail import render_text
from campaign.models import Organisation
from outbox.kinds import MailKind, MailNotWanted
from outbox.messages import compose_message, header_text
from petitions.mail import greeting_name

from . import services
from .calendar import CALENDAR_MIMETYPE, event_calendar
from .dates import event_when
from .models import EventRegistration, Registrant
from .tokens import make_confirmation_token, make_manage_token

Status = Registrant.Status


@dataclass
class Letter:
    """What one message says, before the layout is applied."""

    subject: str
    paragraphs: list = field(default_factory=list)
    button: tuple = None  # (label, url)
    show_details: bool = True
    show_manage_link: bool = True
    after: list = field(default_factory=list)  # paragraphs under the details
    calendar: bool = False


def isolated(text):
    """`text` between Unicode's first-strong isolate and pop-directional isolate when it holds
    letters written the other way from the reader's language: an English title in a Persian
    sentence, or a Persian name in an English one, then keeps the sentence's quotation marks and
    punctuation in their places. Other text is left as it is."""
    other_way = {"L"} if translation.get_language_bidi() else {"R", "AL"}
    if any(unicodedata.bidirectional(char) in other_way for char in text):
        return f"\u2068{text}\u2069"
    return text


def manage_url(registrant):
    return settings.SITE_URL + reverse("registrations:manage", args=[make_manage_token(registrant)])


def details(registration, registrant):
    """(label, text) lines: when, where, and what to bring."""
    event = registration.event
    lines = [(_("When"), event_when(event))]
    if registration.meets_in_person and event.venue:
        lines.append((_("Where"), event.venue))
    if registration.meets_online:
        if registration.join_url and timezone.now() >= registration.join_link_due_at:
            lines.append((_("Join online"), registration.join_url))
        else:
            lines.append(
                (
                    _("Online"),
                    _("We will email you the link to join %(minutes)s minutes before the start.")
                    % {"minutes": registration.join_link_minutes_before},
                )
            )
    if registration.wants_name_on_id and registrant.name_on_id:
        lines.append(
            (
                _("Bring"),
                _("Photo ID in the name %(name)s: the security desk checks it.")
                % {"name": isolated(registrant.name_on_id)},
            )
        )
    return lines


def letter_for(kind, registration, registrant):
    """The letter of `kind` for `registrant`, or MailNotWanted when it is no longer to be sent."""
    event = registration.event
    now = timezone.now()
    title = event.title  # in subjects
    named = isolated(title)  # in sentences
    holds_place = registrant.status == Status.CONFIRMED
    cancel_hint = _(
        "If you can no longer come, please cancel from the link below so that someone else can have your place."
    )

    if kind == services.CONFIRM_LINK_MAIL:
        if registrant.status != Status.PENDING:
            raise MailNotWanted("The registration was confirmed, cancelled or deleted before its mail went out.")
        url = settings.SITE_URL + reverse("registrations:confirm", args=[make_confirmation_token(registrant)])
        return Letter(
            subject=_("Please confirm your registration: %(title)s") % {"title": title},
            paragraphs=[_("Please confirm your registration for “%(title)s”.") % {"title": named}],
            button=(_("Confirm my registration"), url),
            show_manage_link=False,
            after=[
                _(
                    "The link works for %(days)s days. If you did not register, ignore this email: without "
                    "confirmation nothing is kept, and unconfirmed registrations are deleted."
                )
                % {"days": settings.REGISTRATION_CONFIRMATION_MAX_AGE // 86400}
            ],
        )
    if kind in (services.CONFIRMED_MAIL, services.PROMOTED_MAIL):
        if not holds_place or now >= event.starts_at:
            raise MailNotWanted("The registration no longer holds a place, or the event has started.")
        if kind == services.CONFIRMED_MAIL:
            subject = _("You’re registered: %(title)s") % {"title": title}
            opening = _("Your place at “%(title)s” is confirmed.") % {"title": named}
        else:
            subject = _("A place has opened for you: %(title)s") % {"title": title}
            opening = _("Good news: a place at “%(title)s” has become free, and it is yours.") % {"title": named}
        return Letter(
            subject=subject,
            paragraphs=[opening, _("The calendar file attached puts the event in your calendar.")],
            after=[cancel_hint],
            calendar=True,
        )
    if kind == services.WAITING_MAIL:
        if registrant.status != Status.WAITING:
            raise MailNotWanted("The registrant is no longer waiting.")
        position = services.waiting_position(registrant)
        return Letter(
            subject=_("You’re on the waiting list: %(title)s") % {"title": title},
            paragraphs=[
                _("Every place at “%(title)s” is taken, so you are number %(position)s on the waiting list.")
                % {"title": named, "position": position},
                _("If a place becomes free, it is yours at once and we will email you."),
            ],
            after=[_("If you no longer wish to come, you can take your name off the list from the link below.")],
        )
    if kind in (services.REMINDER_DAY_MAIL, services.REMINDER_HOUR_MAIL):
        if not holds_place or now >= event.starts_at:
            raise MailNotWanted("The registration no longer holds a place, or the event has started.")
        if kind == services.REMINDER_DAY_MAIL:
            subject = _("Tomorrow: %(title)s") % {"title": title}
            opening = _("A reminder: “%(title)s” is tomorrow, and your place is waiting for you.") % {"title": named}
        else:
            subject = _("Starting soon: %(title)s") % {"title": title}
            opening = _("A reminder: “%(title)s” starts in about an hour.") % {"title": named}
        return Letter(subject=subject, paragraphs=[opening], after=[cancel_hint])
    if kind in (services.JOIN_LINK_MAIL, services.JOIN_LINK_AGAIN_MAIL):
        if not holds_place or now >= registration.ends_at:
            raise MailNotWanted("The registration no longer holds a place, or the event is over.")
        if not registration.join_url or not registration.meets_online:
            raise MailNotWanted("The event has no join link.")
        if kind == services.JOIN_LINK_MAIL:
            subject = _("Your link to join: %(title)s") % {"title": title}
            opening = _("Here is your link to join “%(title)s”.") % {"title": named}
        else:
            subject = _("A new link to join: %(title)s") % {"title": title}
            opening = _("The link to join “%(title)s” has changed. Please use this one.") % {"title": named}
        return Letter(
            subject=subject,
            paragraphs=[
                opening,
                _("Please do not pass it on: it is for registered guests only, so that the event is not disrupted."),
            ],
            button=(_("Join the event"), registration.join_url),
        )
    if kind == services.FOLLOW_UP_MAIL:
        if not holds_place:
            raise MailNotWanted("The registration no longer holds a place.")
        if registrant.attended_at:
            opening = _("Thank you for coming to “%(title)s”.") % {"title": named}
        else:
            opening = _("Thank you for registering for “%(title)s”. We are sorry we missed you.") % {"title": named}
        after = [_("Read the account of the event: %(url)s") % {"url": absolute_url(event.get_absolute_url())}]
        if registration.recording_url:
            after.append(_("Watch the recording: %(url)s") % {"url": registration.recording_url})
        return Letter(
            subject=_("Thank you: %(title)s") % {"title": title},
            paragraphs=[opening],
            show_details=False,
            show_manage_link=False,
            after=after,
        )
    raise MailNotWanted(f"No letter for {kind}.")


def registration_message(kind, registration, registrant, *, to_email, organisation_name):
    letter = letter_for(kind, registration, registrant)
    event = registration.event
    name = greeting_name(registrant.name)
    context = {
        "greeting": _("Hello %(name)s,") % {"name": isolated(name)} if name else _("Hello,"),
        "letter": letter,
        "details": details(registration, registrant) if letter.show_details else [],
        "event_url": absolute_url(event.get_absolute_url()),
        "event_title": event.title,
        "manage_url": manage_url(registrant) if letter.show_manage_link else "",
        "organisation_name": organisation_name,
    }
    attachments = []
    if letter.calendar:
        where = event.venue if registration.meets_in_person else _("Online: the link to join comes by email.")
        ics = event_calendar(
            registration,
            title=event.title,
            location=where,
            description=_("Your registration: %(url)s") % {"url": manage_url(registrant)},
        )
        attachments.append(("event.ics", ics, CALENDAR_MIMETYPE))
    return compose_message(
        to=to_email,
        subject=header_text(letter.subject),
        text=render_text("registrations/email/message.txt", context),
        html=render_to_string("registrations/email/message.html", context),
        attachments=attachments,
    )


class Prepared:
    def __init__(self, mails):
        self.registrants = Registrant.objects.select_related("event").in_bulk({mail.about_id for mail in mails})
        event_ids = {registrant.event_id for registrant in self.registrants.values()}
        self.registrations = {
            registration.event_id: registration
            for registration in EventRegistration.objects.select_related("event__campaign__organisation").filter(
                event_id__in=event_ids
            )
        }
        site = Organisation.objects.filter(runs_this_site=True).first()
        self.site_organisation_name = site.name if site else ""


class RegistrationMail(MailKind):
    def __init__(self, name):
        self.name = name

    def prepare(self, mails):
        return Prepared(mails)

    def build(self, mail, prepared):
        registrant = prepared.registrants.get(mail.about_id)
        if registrant is None or registrant.names_erased_at:
            raise MailNotWanted("The registration was deleted or erased.")
        registration = prepared.registrations.get(registrant.event_id)
        if registration is None:
            raise MailNotWanted("The event no longer takes registrations.")
        organisation = registration.event.campaign.organisation
        # In the registrant's language, whatever the worker's: the words, the dates and the links.
        with translation.override(mail.language or registrant.language or settings.LANGUAGE_CODE):
            return registration_message(
                self.name,
                registration,
                registrant,
                to_email=mail.to_email,
                organisation_name=organisation.name if organisation else prepared.site_organisation_name,
            )


def registration_mail_kinds():
    return [RegistrationMail(name) for name in services.ALL_MAIL]
