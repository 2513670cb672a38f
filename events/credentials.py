"""Who a participant was on the day of the event: the one place that says what an event's pages
(and its press release) print about a participant.

An event's record stays true as careers move on. What is printed is what was true on the event's
date, never what is true today:

- **Name as printed** (honorific, name, territorial designation, post-nominals) and the short
  description: the person's record as it stood when the event was over, or, for an event recorded
  afterwards, when the participation was recorded (`Participant.recorded_at`), read from the
  person's history (django-simple-history). A peerage or a lost seat given later changes no older
  page. A person with no history (created before history was kept) is printed as they are now.
- **Seats, offices and affiliations** by their dates (`HeldForAPeriod.held_on`): one held on the
  day is printed as held, one that had ended as "former", one taken later not at all.
- **Kinds of participant**: an organisation is printed by its name (or its name as printed); a
  witness whose name is withheld by the description staff gave ("A former political prisoner (name
  withheld)"), and nothing else.
- **As printed overrides** on the participation (`name_as_printed`, `credentials_as_printed`)
  replace the above when staff want exactly the words of the release.

Whether a person may be named at all (Person.is_named_in_public) is read as it is *today*: someone
who withdraws from public view is withdrawn from old pages too. Safety beats the record.

Entry points: `Participant.credentials()` (events/models.py) for one participant, and
`attach_credentials(event, participants)` to read the history of every participant of a page in
one query beforehand (event_page_queryset's callers do), so that a page's queries stay constant.
"""

import copy
import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from people.models import Person


@dataclass(frozen=True)
class Credentials:
    """What a page prints about one participant, as on the day of the event.

    - `name`: the heading: "Rt Hon David Jones MP"; for a withheld name the wording that stands for
      it ("A participant (name withheld)"); for an organisation its name.
    - `kind`: "person", "organisation" or "withheld" (a withheld witness, or a person whose profile
      is not public).
    - `attribution`: who a quote is from, for the line under it: the name, or for a withheld name
      the description ("A former political prisoner").
    - `is_named`: False when no name may be printed (the page must then print nothing else that
      tells who this is: `seats`, `offices`, `affiliations`, `lines` and `spoke_as` are empty).
    - `honorific`, `post_nominals`: as on the day, for who wants them apart (a press release's list).
    - `spoke_as`: the title they spoke under at this event, in the page's language.
    - `seats`, `offices`, `affiliations`: ParliamentaryRole, Office and Affiliation objects whose
      `is_current` says whether it was held *on the day* (copies: never save them). The templates
      events/_parliamentary_role.html, _office.html and _affiliation.html print them.
    - `lines`: further lines of text: the person's description, or the participation's
      "credentials as printed", which then replace seats, offices and affiliations.
    """

    name: str
    kind: str = "person"
    is_named: bool = True
    attribution: str = ""
    honorific: str = ""
    post_nominals: str = ""
    spoke_as: str = ""
    seats: list = field(default_factory=list)
    offices: list = field(default_factory=list)
    affiliations: list = field(default_factory=list)
    lines: list = field(default_factory=list)


def event_day(event):
    """The date, in the event's own time zone, that its credentials are taken on: its last day."""
    return timezone.localtime(event.ends_at or event.starts_at, timezone=_zone(event)).date()


def _zone(event):
    return zoneinfo.ZoneInfo(event.time_zone)


def _record_cutoff(event, participant):
    """The moment whose version of the person is printed: the end of the event, or when the
    participation was recorded, whichever is later (an event entered afterwards prints the person as
    staff knew them when they entered it)."""
    end_of_day = datetime.datetime.combine(event_day(event), datetime.time.max, tzinfo=_zone(event))
    recorded = participant.recorded_at or end_of_day
    return max(end_of_day, recorded)


def attach_credentials(event, participants):
    """Read, in one query, the version of each participant's person as it stood on the event's day
    (see the module docstring) and keep it on the participant, for Participant.credentials()."""
    _attach([(event, participant) for participant in participants])


def attach_credentials_for_events(events):
    """attach_credentials for every participant of several events (a page of the API) in one query."""
    _attach([(event, participant) for event in events for participant in event.participants.all()])


def _attach(pairs):
    # Participants read already (a page that attached them first) are not read again.
    pairs = [(e, p) for e, p in pairs if p.person_id and not hasattr(p, "_person_on_the_day")]
    if not pairs:
        return
    cutoffs = {id(p): _record_cutoff(e, p) for e, p in pairs}
    versions = (
        Person.history.model.objects.filter(
            id__in={p.person_id for _e, p in pairs}, history_date__lte=max(cutoffs.values())
        )
        .only("id", "history_date", *NAME_FIELDS)
        .order_by("id", "history_date", "history_id")
    )
    by_person = {}
    for version in versions:
        by_person.setdefault(version.id, []).append(version)
    for _event, participant in pairs:
        candidates = [v for v in by_person.get(participant.person_id, []) if v.history_date <= cutoffs[id(participant)]]
        participant._person_on_the_day = candidates[-1] if candidates else participant.person


NAME_FIELDS = ("honorific", "given_name", "family_name", "territorial_designation", "post_nominals", "description")


def _person_on_the_day(participant):
    if not hasattr(participant, "_person_on_the_day"):
        attach_credentials(participant.event, [participant])
    return participant._person_on_the_day


def _as_on(items, day):
    """Copies of `items` with `is_current` as on `day`; those not yet held on it left out."""
    shown = []
    for item in items:
        held = item.held_on(day)
        if held is not None:
            item = copy.copy(item)
            item.is_current = held
            shown.append(item)
    return shown


def _full_name(version):
    """Person.full_name, from a historical version of the person as much as from the person."""
    person = Person(**{name: getattr(version, name) for name in NAME_FIELDS})
    return person.full_name


def participant_credentials(participant):
    """The Credentials of `participant` as on the day of its event (see the module docstring).

    Reads participant.event, participant.person with its parliamentary_roles, offices and
    affiliations (prefetch them: events.services.event_page_queryset does), and the person's
    history (one query, unless attach_credentials read it for the whole page first)."""
    if participant.organisation_id and not participant.person_id:
        name = participant.name_as_printed.strip() or participant.organisation.name
        lines = [line.strip() for line in participant.credentials_as_printed.splitlines() if line.strip()]
        return Credentials(name=name, kind="organisation", attribution=name, spoke_as=participant.spoke_as, lines=lines)
    person = participant.person
    if person is None or not person.is_named_in_public:
        description = (participant.withheld_as or "").strip() if person is None else ""
        if description:
            name = _("%(description)s (name withheld)") % {"description": description}
        else:
            name = _("A participant (name withheld)")
        return Credentials(name=name, kind="withheld", is_named=False, attribution=description or _("A participant"))
    day = event_day(participant.event)
    version = _person_on_the_day(participant)
    printed_lines = [line.strip() for line in participant.credentials_as_printed.splitlines() if line.strip()]
    if printed_lines:
        seats = offices = affiliations = []
        lines = printed_lines
    else:
        seats = _as_on(person.parliamentary_roles.all(), day)
        offices = _as_on(person.offices.all(), day)
        affiliations = _as_on(person.affiliations.all(), day)
        lines = [version.description[:1].upper() + version.description[1:]] if version.description else []
    name = participant.name_as_printed.strip() or _full_name(version)
    return Credentials(
        name=name,
        attribution=name,
        honorific=version.honorific,
        post_nominals=version.post_nominals,
        spoke_as=participant.spoke_as,
        seats=seats,
        offices=offices,
        affiliations=affiliations,
        lines=lines,
    )
