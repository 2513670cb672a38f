"""Who in Parliament backs an ask or a motion, with each backer's seat as it was when they backed,
counted by party and by house, and the headline a page prints ("212 MPs and Peers from 9 parties").

An ask's backers are the people with a `Backing` not withdrawn, and the current signatories of the
published motions linked to it (signing such a motion is backing what it asks). Each person is one
backer, with every piece of evidence; their seat is the one held on the day of their first act, so
that a later defection or a seat lost at an election does not rewrite whom they backed it as.

Only parliamentarians are backers: a person with no parliamentary role is neither named nor counted.
Everything here is public record: no stance, no contact note, no staff-only document or note.

The pages' querysets (`ask_page_queryset`, `backers_page_queryset` for motions) prefetch all of it,
so a page takes the same number of queries for 10 backers or 1,450; `asks_with_headlines` gives a
list of asks their headlines in three queries, whatever their number.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext, ngettext

from campaign.templatetags.languages import number
from events.models import Event
from motions.models import Motion, Signatory
from people.models import ParliamentaryRole
from recommendations.models import Recommendation, addressee_prefetches

from .models import Backing

EARLIEST = datetime.date.min

# Signing a motion of one of these kinds is "signed a motion"; any other kind is a statement or letter.
MOTION_KINDS = {Motion.Kind.EARLY_DAY_MOTION, Motion.Kind.MOTION}


def _start(role):
    return role.started_on or EARLIEST


def seat_among(roles, day):
    """The role among `roles` (one person's) held on `day`, or None when none was held then.

    With no `day` (a backing nobody dated), the seat held today, or else the latest one: the best
    we know. With a day, only a seat held that day (`HeldForAPeriod.held_on`): someone who had left
    Parliament by then, or had not yet entered it, did not back it as a parliamentarian, and is
    neither named nor counted for it."""
    roles = list(roles)
    if not roles:
        return None
    if day is None:
        current = [role for role in roles if role.is_current]
        return max(current or roles, key=lambda role: (_start(role), role.ended_on or _start(role), role.pk))
    held = [role for role in roles if role.held_on(day)]
    return max(held, key=lambda role: (_start(role), role.pk)) if held else None


def seat_on(person, day):
    """The parliamentary role `person` held on `day`, read from the prefetched
    `person.parliamentary_roles` (no query when prefetched; see `seat_among` for the rules)."""
    return seat_among(person.parliamentary_roles.all(), day)


@dataclass
class Evidence:
    """One public act of backing: how, when, and what shows it."""

    how: str  # a Backing.How value
    on: datetime.date | None
    motion: Motion | None = None
    event: Event | None = None
    source_url: str = ""
    source_description: str = ""

    @property
    def how_label(self):
        return Backing.How(self.how).label


@dataclass
class Backer:
    person: object  # people.Person, or None in the headline's light reading
    seat: ParliamentaryRole
    backed_on: datetime.date | None
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def party(self):
        return self.seat.party

    @property
    def house(self):
        return self.seat.legislature


def roles_prefetch(path):
    return Prefetch(path, queryset=ParliamentaryRole.objects.select_related("legislature", "party"))


def signatories_prefetch():
    """A motion's current signatories, each with their seats."""
    return Prefetch(
        "signatories",
        queryset=Signatory.objects.filter(has_withdrawn=False)
        .select_related("person")
        .prefetch_related(roles_prefetch("person__parliamentary_roles")),
        to_attr="current_signatory_rows",
    )


def ask_page_queryset():
    """Asks with everything their cross-party page shows, in a fixed number of queries."""
    backings = (
        Backing.objects.current()
        .select_related("person", "motion", "event")
        .prefetch_related(roles_prefetch("person__parliamentary_roles"))
    )
    motions = Motion.objects.published().select_related("house").prefetch_related(signatories_prefetch())
    return (
        Recommendation.objects.select_related("campaign")
        .prefetch_related(
            *addressee_prefetches(),
            Prefetch("backings", queryset=backings, to_attr="current_backings"),
            Prefetch("motions", queryset=motions, to_attr="published_motions"),
        )
        .order_by()
    )


def backers_page_queryset():
    """Published motions with their current signatories and seats, for their cross-party page."""
    return Motion.objects.published().select_related("house", "campaign").prefetch_related(signatories_prefetch())


def _current_backings(recommendation):
    if hasattr(recommendation, "current_backings"):
        return recommendation.current_backings
    return list(
        recommendation.backings.current()
        .select_related("person", "motion", "event")
        .prefetch_related(roles_prefetch("person__parliamentary_roles"))
    )


def _published_motions(recommendation):
    if hasattr(recommendation, "published_motions"):
        return recommendation.published_motions
    return list(recommendation.motions.published().prefetch_related(signatories_prefetch()))


def _current_signatories(motion):
    if hasattr(motion, "current_signatory_rows"):
        return motion.current_signatory_rows
    return list(
        motion.signatories.filter(has_withdrawn=False)
        .select_related("person")
        .prefetch_related(roles_prefetch("person__parliamentary_roles"))
    )


def signature_evidence(motion, signatory):
    how = Backing.How.SIGNED_MOTION if motion.kind in MOTION_KINDS else Backing.How.SIGNED_STATEMENT
    return Evidence(how=how, on=signatory.signed_on or motion.tabled_on, motion=motion)


def _first_day(evidence):
    days = [item.on for item in evidence if item.on]
    return min(days) if days else None


def _backers_from(acts):
    """[(person, evidence)] → backers, one per parliamentarian, sorted by house, party and name."""
    evidence_by_person = defaultdict(list)
    people = {}
    for person, evidence in acts:
        people[person.pk] = person
        evidence_by_person[person.pk].append(evidence)
    backers = []
    for person_id, evidence in evidence_by_person.items():
        person = people[person_id]
        evidence.sort(key=lambda item: item.on or EARLIEST)
        backed_on = _first_day(evidence)
        seat = seat_on(person, backed_on)
        if seat is None:  # not a parliamentarian: never named, never counted
            continue
        backers.append(Backer(person=person, seat=seat, backed_on=backed_on, evidence=evidence))
    return sorted(backers, key=backer_order)


def backer_order(backer):
    party = backer.seat.party.name if backer.seat.party_id else "\uffff"
    return (backer.seat.legislature.name, party, backer.person.family_name, backer.person.given_name)


def backers_of_ask(recommendation):
    """The parliamentarians who back `recommendation` now, each once with all their public evidence
    and their seat as at their first act. Reads what `ask_page_queryset` prefetched."""
    return _backers_from(_acts_for_ask(recommendation))


def people_not_counted(recommendation):
    """How many people with a current act of backing for `recommendation` hold no parliamentary
    role, so that no page names or counts them (the open API says how many)."""
    return len({person.pk for person, _ in _acts_for_ask(recommendation) if not person.parliamentary_roles.all()})


def _acts_for_ask(recommendation):
    acts = []
    recorded = set()
    for backing in _current_backings(recommendation):
        motion = backing.motion if backing.motion and backing.motion.status == Motion.Status.PUBLISHED else None
        event = backing.event if backing.event and backing.event.status == Event.Status.PUBLISHED else None
        evidence = Evidence(
            how=backing.how,
            on=backing.backed_on,
            motion=motion,
            event=event,
            source_url=backing.source_url,
            source_description=backing.source_description,
        )
        acts.append((backing.person, evidence))
        if backing.motion_id:
            recorded.add((backing.person_id, backing.motion_id))
    for motion in _published_motions(recommendation):
        for signatory in _current_signatories(motion):
            if (signatory.person_id, motion.pk) not in recorded:  # one piece of evidence per signature
                acts.append((signatory.person, signature_evidence(motion, signatory)))
    return acts


def backers_of_motion(motion):
    """The parliamentarians who have signed `motion` and not withdrawn, with their seat as at
    signing (or as at tabling, when the day they signed is not known)."""
    return _backers_from(
        (signatory.person, signature_evidence(motion, signatory)) for signatory in _current_signatories(motion)
    )


@dataclass
class Count:
    label: str
    count: int
    key: str = ""  # a party's or a house's name, for its colour ("" for no party)
    country: str = ""
    by_house: dict = field(default_factory=dict)  # house name → count, for a party's row


@dataclass
class Counts:
    total: int
    by_party: list[Count]
    by_house: list[Count]
    houses: list[str]  # house names in the order the table's columns take them

    @property
    def party_count(self):
        """How many parties, not counting those who sit for none."""
        return sum(1 for row in self.by_party if row.key)


def counts_by_party_and_house(backers):
    """Backers counted by party (each row split by house) and by house, largest first: the rows of
    each add up to the total, because every backer has exactly one seat (the one held then)."""
    by_party = {}
    by_house = {}
    for backer in backers:
        party = backer.seat.party
        house = backer.seat.legislature
        party_id = party.pk if party else None
        if party_id not in by_party:
            label = (party.short_name or party.name) if party else gettext("No party")
            by_party[party_id] = Count(
                label=label, count=0, key=party.name if party else "", country=party_country(party)
            )
        row = by_party[party_id]
        row.count += 1
        row.by_house[house.name] = row.by_house.get(house.name, 0) + 1
        if house.name not in by_house:
            by_house[house.name] = Count(label=house.name, count=0, key=house.name)
        by_house[house.name].count += 1
    houses = sorted(by_house.values(), key=lambda row: (-row.count, row.label))
    parties = sorted(by_party.values(), key=lambda row: (not row.key, -row.count, row.label))
    labels = [row.label for row in parties]
    for row in parties:
        row.by_house = {house.label: row.by_house.get(house.label, 0) for house in houses}
        if row.country and labels.count(row.label) > 1:  # Labour (GB) and Labour (IE)
            row.label = f"{row.label} ({row.country})"
    return Counts(total=len(backers), by_party=parties, by_house=houses, houses=[house.label for house in houses])


def party_country(party):
    return str(party.country) if party and party.country else ""


def headline(backers):
    """'212 MPs and Peers from 9 parties', in the page's language and digits; '' for none."""
    counts = counts_by_party_and_house(backers)
    if not counts.total:
        return ""
    titles = {backer.seat.legislature.member_title for backer in backers}
    shown = number(counts.total)
    if titles == {"MP"}:
        people = ngettext("%(count)s MP", "%(count)s MPs", counts.total)
    elif titles == {"Peer"}:
        people = ngettext("%(count)s Peer", "%(count)s Peers", counts.total)
    elif titles == {"MP", "Peer"}:
        people = ngettext("%(count)s MP or Peer", "%(count)s MPs and Peers", counts.total)
    else:
        people = ngettext("%(count)s parliamentarian", "%(count)s parliamentarians", counts.total)
    people = people % {"count": shown}
    if not counts.party_count:
        return people
    parties = ngettext("%(count)s party", "%(count)s parties", counts.party_count) % {
        "count": number(counts.party_count)
    }
    return gettext("%(people)s from %(parties)s") % {"people": people, "parties": parties}


def asks_with_headlines(recommendations):
    """The asks in `recommendations`, each given `backing_headline` (the headline of its backers
    now, '' for none) and `backer_count`, in three queries whatever their number: the acts of
    backing, the signatures of their published motions, and the seats of the people behind them."""
    asks = list(recommendations)
    ids = [ask.pk for ask in asks]
    if not ids:
        return asks
    acts = defaultdict(dict)  # ask id → person id → first day known (or None)

    def add(ask_id, person_id, day):
        known = acts[ask_id]
        if person_id not in known or (day and (known[person_id] is None or day < known[person_id])):
            known[person_id] = day

    recorded = set()  # (ask, person, motion) of a backing through a motion: its signature is not a second act
    for ask_id, person_id, day, motion_id in (
        Backing.objects.current()
        .filter(recommendation_id__in=ids)
        .values_list("recommendation_id", "person_id", "backed_on", "motion_id")
    ):
        add(ask_id, person_id, day)
        if motion_id:
            recorded.add((ask_id, person_id, motion_id))
    signatures = Signatory.objects.filter(
        has_withdrawn=False, motion__status=Motion.Status.PUBLISHED, motion__recommendations__in=ids
    ).values_list("motion__recommendations", "person_id", "signed_on", "motion__tabled_on", "motion_id")
    for ask_id, person_id, signed_on, tabled_on, motion_id in signatures:
        if (ask_id, person_id, motion_id) not in recorded:  # as _acts_for_ask does, so both headlines agree
            add(ask_id, person_id, signed_on or tabled_on)
    people = {person_id for known in acts.values() for person_id in known}
    roles = defaultdict(list)
    for role in ParliamentaryRole.objects.filter(person_id__in=people).select_related("legislature", "party"):
        roles[role.person_id].append(role)
    for ask in asks:
        backers = []
        for person_id, day in acts.get(ask.pk, {}).items():
            seat = seat_among(roles[person_id], day)
            if seat is not None:
                backers.append(Backer(person=None, seat=seat, backed_on=day))
        ask.backer_count = len(backers)
        ask.backing_headline = headline(backers)
    return asks
