"""The whip count of an ask: each current parliamentarian, where they stand, when we last spoke to
them and what comes next; counted by house, party and stance; and the changes staff make to it.

A whip count is built in a fixed number of queries whatever the size of Parliament (current seats,
this ask's stances, the latest contacts, the public backers), then filtered and counted in Python,
so the list, its counts and the audience made from it are the same people.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from backing.models import Backing
from motions.models import Motion, Signatory
from outreach.models import Audience
from people.models import ParliamentaryRole

from .models import ContactLog, Stance

NOT_CONTACTED = Stance.Position.NOT_CONTACTED


@dataclass
class WhipRow:
    """One current parliamentarian in the whip count of one ask."""

    person: object
    role: object  # the current seat: house, party, constituency
    stance: str = NOT_CONTACTED
    stance_note: str = ""
    backs_publicly: bool = False
    last_contact: object = None  # ContactLog or None
    has_been_contacted: bool = False

    @property
    def house(self):
        return self.role.legislature

    @property
    def party(self):
        return self.role.party

    @property
    def stance_label(self):
        return Stance.Position(self.stance).label

    @property
    def next_step(self):
        return self.last_contact.next_step if self.last_contact else ""

    @property
    def next_step_on(self):
        return self.last_contact.next_step_on if self.last_contact else None

    def next_step_is_due(self, today):
        return self.next_step_on is not None and self.next_step_on <= today


@dataclass(frozen=True)
class WhipFilter:
    """The whip count's filters; an empty one keeps everyone."""

    house: int | None = None  # Legislature id
    party: int | None = None  # Party id; 0 for "no party"
    stance: str = ""
    contacted: str = ""  # "yes", "no" or ""
    next_step_due: bool = False

    @classmethod
    def from_query(cls, data):
        """From the page's address (a QueryDict), ignoring what is not a valid choice."""

        def number(name):
            value = data.get(name, "")
            return int(value) if value.isascii() and value.isdecimal() else None

        stance = data.get("stance", "")
        contacted = data.get("contacted", "")
        return cls(
            house=number("house"),
            party=number("party"),
            stance=stance if stance in Stance.Position.values else "",
            contacted=contacted if contacted in ("yes", "no") else "",
            next_step_due=data.get("next_step_due") == "1",
        )

    def as_query(self):
        """The filters as the page's query parameters (those set only)."""
        values = {
            "house": self.house,
            "party": self.party,
            "stance": self.stance,
            "contacted": self.contacted,
            "next_step_due": "1" if self.next_step_due else "",
        }
        return {name: value for name, value in values.items() if value not in (None, "")}

    def keeps(self, row, today):
        if self.house is not None and row.role.legislature_id != self.house:
            return False
        if self.party is not None and (row.role.party_id or 0) != self.party:
            return False
        if self.stance and row.stance != self.stance:
            return False
        if self.contacted and row.has_been_contacted != (self.contacted == "yes"):
            return False
        return not self.next_step_due or row.next_step_is_due(today)


@dataclass
class WhipCount:
    recommendation: object
    rows: list
    houses: list = field(default_factory=list)  # every house with a current member (for the filters)
    parties: list = field(default_factory=list)

    def counts(self):
        """{(house, party): Counter(stance)} for the rows, with totals: they add up by construction."""
        table = {}
        for row in self.rows:
            table.setdefault((row.house, row.party), Counter())[row.stance] += 1
        return table

    def count_table(self):
        """Rows of (house, party, [count per stance in the order of Stance.Position], total), the
        totals per stance and the grand total."""
        stances = Stance.Position.values
        table = []
        for (house, party), counter in sorted(
            self.counts().items(),
            key=lambda item: (item[0][0].name, item[0][1] is None, item[0][1].name if item[0][1] else ""),
        ):
            table.append((house, party, [counter[stance] for stance in stances], sum(counter.values())))
        totals = [sum(counts[index] for _, _, counts, _ in table) for index in range(len(stances))]
        return table, totals, sum(totals)


def public_backer_ids(recommendation):
    """The people on record as backing the ask in public, not withdrawn: their backing, or their
    signature on a published motion linked to the ask (as backing/services.py counts them). One query."""
    backings = Backing.objects.current().filter(recommendation=recommendation).values_list("person_id", flat=True)
    signatures = Signatory.objects.filter(
        motion__recommendations=recommendation, motion__status=Motion.Status.PUBLISHED, has_withdrawn=False
    ).values_list("person_id", flat=True)
    return set(backings.union(signatures))


def whip_count(recommendation, whip_filter=None, *, today=None):
    """The whip count of `recommendation`: every current parliamentarian once, filtered."""
    today = today or timezone.localdate()
    whip_filter = whip_filter or WhipFilter()
    roles = (
        ParliamentaryRole.objects.filter(is_current=True)
        .select_related("person", "legislature", "party")
        .order_by("legislature__name", "person__family_name", "person__given_name", "person_id", "id")
    )
    stances = {
        stance.person_id: stance
        for stance in Stance.objects.filter(recommendation=recommendation).only("person_id", "stance", "note")
    }
    # The latest contact with each person about this ask or the campaign as a whole.
    latest_contacts = {
        contact.person_id: contact
        for contact in ContactLog.objects.filter(Q(recommendation=recommendation) | Q(recommendation__isnull=True))
        .order_by("person_id", "-contacted_on", "-id")
        .distinct("person_id")
    }
    backers = public_backer_ids(recommendation)
    rows, seen, houses, parties = [], set(), {}, {}
    for role in roles:
        if role.person_id in seen:  # two current seats (rare): counted once, in the first house
            continue
        seen.add(role.person_id)
        stance = stances.get(role.person_id)
        contact = latest_contacts.get(role.person_id)
        position = stance.stance if stance else NOT_CONTACTED
        if position == NOT_CONTACTED and contact is not None:
            # Contacted but nobody recorded where they stand: undecided, so that the stance column,
            # the "contacted" filter and an audience made from either name the same people.
            position = Stance.Position.UNDECIDED
        row = WhipRow(
            person=role.person,
            role=role,
            stance=position,
            stance_note=stance.note if stance else "",
            backs_publicly=role.person_id in backers,
            last_contact=contact,
            has_been_contacted=contact is not None or (stance is not None and stance.stance != NOT_CONTACTED),
        )
        houses[role.legislature_id] = role.legislature
        if role.party_id:
            parties[role.party_id] = role.party
        if whip_filter.keeps(row, today):
            rows.append(row)
    return WhipCount(
        recommendation=recommendation,
        rows=rows,
        houses=sorted(houses.values(), key=lambda house: house.name),
        parties=sorted(parties.values(), key=lambda party: party.name),
    )


@transaction.atomic
def stance_set(*, person_id, recommendation_id, stance, note=None, user):
    """Record where a parliamentarian stands on an ask; the history keeps who changed it and when.
    Saving the same stance (and note) again writes nothing."""
    current = Stance.objects.select_for_update().filter(person_id=person_id, recommendation_id=recommendation_id)
    current = current.first() or Stance(person_id=person_id, recommendation_id=recommendation_id)
    if current.pk and current.stance == stance and (note is None or note == current.note):
        return current
    current.stance = stance
    if note is not None:
        current.note = note
    current.updated_by = user
    current._history_user = user
    current.save()
    return current


def contact_log(*, person_id, recommendation_id, contacted_on, channel, user, note="", next_step="", next_step_on=None):
    """Log a contact with a parliamentarian (about an ask, or none)."""
    return ContactLog.objects.create(
        person_id=person_id,
        recommendation_id=recommendation_id,
        contacted_on=contacted_on,
        channel=channel,
        by=user,
        note=note,
        next_step=next_step,
        next_step_on=next_step_on,
    )


def audience_name(count, whip_filter, *, day=None):
    """ "Undecided Conservative MPs — Extend the embargo — 29 Nov 2026", from the filters."""
    day = day or timezone.localdate()
    words = []
    if whip_filter.stance:
        words.append(str(Stance.Position(whip_filter.stance).label))
    if whip_filter.contacted == "no":
        words.append(_("not contacted"))
    elif whip_filter.contacted == "yes":
        words.append(_("contacted"))
    if whip_filter.party:
        words.append(next((party.name for party in count.parties if party.pk == whip_filter.party), ""))
    house = next((house for house in count.houses if house.pk == whip_filter.house), None)
    if house is None:
        words.append(_("parliamentarians"))
    elif house.member_title and (get_language() or "en").startswith("en"):
        words.append(f"{house.member_title}s")  # "MPs", "Peers"
    else:
        words.append(_("members of %(house)s") % {"house": house.name})
    if whip_filter.party == 0:
        words.append(_("without a party"))
    if whip_filter.next_step_due:
        words.append(_("with a next step due"))
    who = " ".join(word for word in words if word)
    return f"{who} — {count.recommendation.title} — {day.isoformat()}"


def unique_audience_name(name):
    taken = set(Audience.objects.filter(name__startswith=name[:190]).values_list("name", flat=True))
    name = name[:190]
    candidate, number = name, 2
    while candidate in taken:
        candidate, number = f"{name} ({number})", number + 1
    return candidate


@transaction.atomic
def audience_from_whip_count(*, recommendation, whip_filter, today=None):
    """An outreach audience of exactly the parliamentarians the filtered whip count lists, named
    after its filters, ready for a mailing. None when the filter keeps nobody: an audience without
    chosen people would reach every parliamentarian."""
    today = today or timezone.localdate()
    count = whip_count(recommendation, whip_filter, today=today)
    if not count.rows:
        return None
    audience = Audience.objects.create(
        name=unique_audience_name(audience_name(count, whip_filter, day=today)),
        kind=Audience.Kind.PARLIAMENTARIANS,
        standing=Audience.Standing.CURRENT,
        only_chosen_people=True,
    )
    audience.chosen_people.set([row.person.pk for row in count.rows])
    return audience
