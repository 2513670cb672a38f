"""Press releases written from the record, in the campaign's house form.

The house form is the campaign's own (shared/seed/conference-2020-09-10.txt is one): a headline
(the call the event made), a dateline and lead, the account of the event, each quote with who said
it and as what, the others who took part, then, after the end mark, what was recommended and to
whom, the notes to editors and the press contact.

A release is plain text, paragraphs separated by an empty line, so that staff can edit it in a
text box and copy it anywhere; a section heading is a paragraph of its own, which the Word export
(press/exports.py) recognises by its words (`section_headings`). Each event has at most one draft
per language (PressRelease); until staff keep one, pages and exports show the release as it would
be written now, and nothing is written to the database on a GET.
"""

import html
import re

from django.db import transaction
from django.db.models import Prefetch
from django.template.defaultfilters import capfirst
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext, pgettext_lazy

from campaign.languages import site_language
from campaign.links import absolute_url
from campaign.templatetags.languages import long_date, number
from events.credentials import attach_credentials, participant_credentials
from events.models import Event
from events.services import participants_by_role, participants_with_credentials
from recommendations.models import addressee_prefetches

from .models import PressOffice, PressRelease

# Places a dateline may name, marked here so that their Persian names are in the catalogue. A
# place not listed is printed as the time zone names it.
DATELINE_PLACES = {
    "London": pgettext_lazy("city", "London"),
    "Dublin": pgettext_lazy("city", "Dublin"),
    "Brussels": pgettext_lazy("city", "Brussels"),
    "Paris": pgettext_lazy("city", "Paris"),
    "Berlin": pgettext_lazy("city", "Berlin"),
    "Geneva": pgettext_lazy("city", "Geneva"),
    "Zurich": pgettext_lazy("city", "Zurich"),
    "Vilnius": pgettext_lazy("city", "Vilnius"),
    "New_York": pgettext_lazy("city", "New York"),
}


def press_event_queryset():
    """Events (published or not) with everything a release prints, in a fixed number of queries.
    The same prefetches as the event page (events.services.event_page_queryset)."""
    participants = participants_with_credentials()
    return Event.objects.select_related("organiser", "campaign__organisation").prefetch_related(
        Prefetch("participants", queryset=participants),
        *addressee_prefetches("recommendations__"),
    )


def as_plain_text(markup):
    """What a fragment of the event page reads as: tags dropped, entities decoded, one line; in a
    right-to-left language each <bdi> becomes a Unicode isolate, its plain-text equivalent."""
    if translation.get_language_bidi():
        markup = markup.replace("<bdi>", FIRST_STRONG_ISOLATE).replace("</bdi>", POP_ISOLATE)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", markup)).split())


# A name in Latin letters inside a Persian sentence keeps its own direction, as <bdi> keeps it on
# the event page: in plain text and in Word, that is what these two characters do.
FIRST_STRONG_ISOLATE, POP_ISOLATE = "\u2068", "\u2069"


def isolated(text):
    """`text` set apart in its own direction when the active language is right to left."""
    if not text or not translation.get_language_bidi():
        return text
    return f"{FIRST_STRONG_ISOLATE}{text}{POP_ISOLATE}"


def participant_credit(participant, language):
    """(name as printed, [credential lines]) for `participant` in `language`: what the event page
    prints, as on the day of the event (events/credentials.py, `participant_credentials`), the same
    lines in the same order, rendered by the same includes, so that a release never credits anyone
    otherwise than the page does.

    A witness whose name is withheld is the description staff gave ("A former political prisoner
    (name withheld)"), a person who may not be named "A participant (name withheld)", with no
    credentials at all; an organisation is its name. Reads the prefetches of press_event_queryset()."""
    with translation.override(language):
        # Not Participant.credentials(): that keeps the first language's words on the instance.
        credentials = participant_credentials(participant)
        if not credentials.is_named:
            return credentials.name, []
        separator = pgettext("list separator", ", ")
        lines = []
        if credentials.spoke_as:
            lines.append(credentials.spoke_as)
        for template, name, items in (
            ("events/_parliamentary_role.html", "role", credentials.seats),
            ("events/_office.html", "office", credentials.offices),
            ("events/_affiliation.html", "affiliation", credentials.affiliations),
        ):
            for item in items:
                lines.append(as_plain_text(render_to_string(template, {name: item, "separator": separator})))
        lines += [capfirst(line) for line in credentials.lines]
        return isolated(credentials.name), [isolated(line) for line in lines]


def section_headings(language):
    """The headings a release in `language` has, each a paragraph of its own."""
    with translation.override(language):
        return {
            _("Recommendations, and to whom"),
            _("Notes to editors"),
            _("Who took part"),
            _("Contact"),
            pgettext("the end of a press release's text", "Ends"),
        }


def kicker(language):
    with translation.override(language):
        return _("Press release")


def dateline(event):
    """'London, Thursday 10 September 2020': where (the venue's first part, or the city of the
    event's time zone for a virtual event) and when, in the active language."""
    if event.venue and event.format != Event.Format.VIRTUAL:
        place = event.venue.split(",")[0].strip()
    else:
        city = event.time_zone.split("/")[-1]
        place = str(DATELINE_PLACES.get(city, city.replace("_", " ")))
    when = long_date(event.local_starts_at, pgettext("date format", "l j F Y"))
    return _("%(place)s, %(date)s") % {"place": place, "date": when}


def quote_marks(words):
    # The same words as the event page's quotes (templates/events/_statement_words.html).
    return _("“%(words)s”") % {"words": words.strip().strip('“”"«»')}


def compose_quotes(event, language):
    """A paragraph per quote, in the order of the statements, each credited at the speaker's first."""
    separator = pgettext("list separator", ", ")
    statements = sorted(
        (statement for participant in event.participants.all() for statement in participant.statements.all()),
        key=lambda statement: (statement.order, statement.id),
    )
    credited = set()
    paragraphs = []
    for statement in statements:
        name, lines = participant_credit(statement.participant, language)
        described = []
        if statement.participant_id not in credited and lines:
            described.append(lines[0])
        credited.add(statement.participant_id)
        if statement.context:
            described.append(statement.context)
        words, _spoken_in = statement.version_for(language)
        values = {"name": name, "description": separator.join(described), "quote": quote_marks(words)}
        if described:
            paragraphs.append(_("%(name)s, %(description)s, said: %(quote)s") % values)
        else:
            paragraphs.append(_("%(name)s said: %(quote)s") % values)
    return paragraphs


def compose_others(event, language):
    """'Also taking part: …' for the named participants who are not quoted, and a count of the
    others, whose names are withheld."""
    others, withheld = [], 0
    for participant in event.participants.all():
        if participant.statements.all():
            continue
        name, lines = participant_credit(participant, language)
        if not participant_credentials(participant).is_named:
            withheld += 1
            continue
        others.append(f"{name}{pgettext('list separator', ', ')}{lines[0]}" if lines else name)
    paragraphs = []
    if others:
        people = pgettext("separator between people in a list", "; ").join(others)
        paragraphs.append(_("Also taking part: %(people)s.") % {"people": people})
    if withheld:
        paragraphs.append(
            ngettext(
                "%(count)s other participant took part whose name is withheld.",
                "%(count)s other participants took part whose names are withheld.",
                withheld,
            )
            % {"count": number(withheld)}
        )
    return paragraphs


def compose_recommendations(event):
    paragraphs = []
    separator = pgettext("list separator", ", ")
    for recommendation in event.recommendations.all():
        bodies = separator.join(isolated(name) for name in recommendation.addressees)
        text = _("%(title)s: %(call)s") % {"title": recommendation.title, "call": recommendation.call_to_action}
        if bodies:
            text = _("%(recommendation)s (Addressed to: %(bodies)s.)") % {"recommendation": text, "bodies": bodies}
        paragraphs.append(f"• {text}")
    return paragraphs


def compose_who_took_part(event, language):
    paragraphs = []
    separator = pgettext("separator between people in a list", "; ")
    for heading, participants, withheld in participants_by_role(event):
        for participant in participants:
            name, lines = participant_credit(participant, language)
            text = _("%(name)s (%(role)s)") % {"name": name, "role": participant.get_role_display().lower()}
            # The page may print a line twice (the title spoken under, and the same words as the
            # person's description): a release says it once.
            unique = []
            for line in lines:
                if line.casefold() not in {kept.casefold() for kept in unique}:
                    unique.append(line)
            if unique:
                text = f"{text}: {separator.join(unique)}"
            paragraphs.append(f"• {text}")
        if withheld:
            paragraphs.append(
                "• "
                + ngettext(
                    "%(role)s: %(count)s participant whose name is withheld",
                    "%(role)s: %(count)s participants whose names are withheld",
                    withheld,
                )
                % {"role": heading, "count": number(withheld)}
            )
    return paragraphs


def compose_event_note(event):
    when = long_date(event.local_starts_at, pgettext("date format", "l j F Y"))
    values = {"title": event.title, "date": when, "format": event.get_format_display().lower()}
    if event.organiser:
        text = _("%(title)s, %(date)s (%(format)s), organised by %(organiser)s.") % {
            **values,
            "organiser": isolated(event.organiser.name),
        }
    else:
        text = _("%(title)s, %(date)s (%(format)s).") % values
    if event.venue:
        text = f"{text} " + _("Venue: %(venue)s.") % {"venue": event.venue}
    if event.status == Event.Status.PUBLISHED:
        text = f"{text} " + _("The full record of the event: %(url)s") % {
            "url": isolated(absolute_url(event.get_absolute_url()))
        }
    return text


def compose_contact(event):
    organisation = event.campaign.organisation
    office = PressOffice.objects.filter(organisation=organisation).first()
    about = (office.about if office else "") or organisation.description
    contact = [organisation.name]
    if office:
        contact += [line for line in (office.contact_name, office.email, office.phone) if line]
    if organisation.website:
        contact.append(organisation.website)
    return about, "\n".join(contact)


def press_release_compose(*, event, language):
    """(headline, text) of `event`'s press release in `language`, written from the record now.

    `event` comes from press_event_queryset()."""
    language = site_language(language)
    # Each participant's person as on the event's day, read for all of them in one query.
    attach_credentials(event, event.participants.all())
    with translation.override(language):
        headings = {
            "recommendations": _("Recommendations, and to whom"),
            "notes": _("Notes to editors"),
            "who": _("Who took part"),
            "contact": _("Contact"),
        }
        headline = event.headline or event.title
        paragraphs = [_("%(dateline)s – %(lead)s") % {"dateline": dateline(event), "lead": event.summary.strip()}]
        paragraphs += [p.strip() for p in re.split(r"\n\s*\n", event.body.replace("\r\n", "\n")) if p.strip()]
        paragraphs += compose_quotes(event, language)
        paragraphs += compose_others(event, language)
        recommendations = compose_recommendations(event)
        if recommendations:
            paragraphs += [headings["recommendations"], *recommendations]
        paragraphs.append(pgettext("the end of a press release's text", "Ends"))
        about, contact = compose_contact(event)
        contact = "\n".join(isolated(line) for line in contact.split("\n"))
        paragraphs += [headings["notes"], compose_event_note(event)]
        who = compose_who_took_part(event, language)
        if who:
            paragraphs += [headings["who"], *who]
        if about:
            paragraphs.append(about.strip())
        paragraphs += [headings["contact"], contact]
    return " ".join(headline.split()), normalised("\n\n".join(paragraphs))


def normalised(text):
    """Text as kept: Unix line ends, no trailing spaces on lines, no blank lines at the ends."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip()


def press_release_current(*, event_id, language):
    """The release staff see for an event and language: their kept draft, or else an unsaved one
    written from the record now. Returns (release, event)."""
    event = press_event_queryset().get(pk=event_id)
    language = site_language(language)
    release = PressRelease.objects.filter(event=event, language=language).first()
    if release is None:
        headline, text = press_release_compose(event=event, language=language)
        release = PressRelease(
            event=event,
            language=language,
            headline=headline,
            text=text,
            generated_headline=headline,
            generated_text=text,
            generated_at=timezone.now(),
        )
    return release, event


@transaction.atomic
def press_release_save(*, event_id, language, headline, text, user):
    """Keep staff's edited draft of an event's release in `language`. Returns the release."""
    release, _event = press_release_current(event_id=event_id, language=language)
    release.headline = " ".join(headline.split())
    release.text = normalised(text)
    release.updated_by = user
    release.save()
    return release


class DraftWasEdited(Exception):
    """Regenerating would overwrite edits that staff have not agreed to lose."""


@transaction.atomic
def press_release_regenerate(*, event_id, language, user, discard_edits=False):
    """Write the release again from the record, over the kept draft. A draft that staff edited is
    overwritten only with `discard_edits`; otherwise DraftWasEdited is raised and nothing changes."""
    language = site_language(language)
    event = press_event_queryset().get(pk=event_id)
    release = PressRelease.objects.select_for_update().filter(event=event, language=language).first()
    if release is not None and release.is_edited and not discard_edits:
        raise DraftWasEdited
    headline, text = press_release_compose(event=event, language=language)
    release = release or PressRelease(event=event, language=language)
    release.headline = release.generated_headline = headline
    release.text = release.generated_text = text
    release.generated_at = timezone.now()
    release.updated_by = user
    release.save()
    return release
