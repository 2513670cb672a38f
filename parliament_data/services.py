"""Imports of Parliament's own data: members (Members API JSON), Early Day Motion signatures (EDM
API JSON) and, for everything else, a CSV of backers (parliament_data/backers.py).

Each import reads and checks the whole file first; a file of the wrong shape, or with a row that
cannot be read, writes nothing but the record of the attempt (ParliamentImport) with the reasons.
A good file is written in one transaction, in bulk (a few queries per kind of row, not per row),
and the import's report says, row by row, what was created, updated, left unchanged or not
matched. Only what changed is saved, so importing the same file twice changes nothing: no row,
no history entry.

Members are matched by Parliament's id (MemberRecord), then, the first time, by name without
titles, accents or case among the people who already hold a seat (people/ParliamentaryRole);
someone the file names who matches no one is created. A seat is never rewritten into another: a
change of party closes the role held (dated the day before the file's date) and opens a new one,
so that pages of earlier days still show the party as it was. Signatures of a motion are matched
the same way but never create a person: a signer we do not know is reported, to be imported with
the members first.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from motions.models import Motion, Signatory
from people.models import Legislature, ParliamentaryRole, Party, Person

from .formats import FileProblem, members_from, motions_from, read_json
from .models import MemberRecord, MotionRecord, ParliamentImport
from .names import list_name_key, member_name_parts, name_key, person_name_keys

NAME_FIELDS = ["honorific", "given_name", "family_name", "territorial_designation", "post_nominals", "salutation_title"]
HOUSES = {
    MemberRecord.House.COMMONS: {
        "name": "House of Commons",
        "slug": "house-of-commons",
        "kind": Legislature.Kind.LOWER,
        "member_title": "MP",
    },
    MemberRecord.House.LORDS: {
        "name": "House of Lords",
        "slug": "house-of-lords",
        "kind": Legislature.Kind.UPPER,
        "member_title": "Peer",
    },
}
BATCH = 1000


class Outcome:
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    UNMATCHED = "unmatched"
    ERROR = "error"


@dataclass
class Report:
    rows: list = field(default_factory=list)

    def add(self, line, outcome, message):
        self.rows.append({"line": str(line), "outcome": outcome, "message": str(message)})

    def count(self, outcome):
        return sum(1 for row in self.rows if row["outcome"] == outcome)


def import_record(*, kind, file_name, imported_by, report=None, problem=""):
    """The ParliamentImport row that keeps what an import did (or why it did nothing)."""
    report = report or Report()
    return ParliamentImport.objects.create(
        kind=kind,
        file_name=(file_name or "")[:255],
        imported_by=imported_by if imported_by and imported_by.pk else None,
        succeeded=not problem,
        problem=str(problem),
        created_count=report.count(Outcome.CREATED),
        updated_count=report.count(Outcome.UPDATED),
        unchanged_count=report.count(Outcome.UNCHANGED),
        unmatched_count=report.count(Outcome.UNMATCHED),
        rows=report.rows,
    )


def refused(kind, *, file_name, imported_by, problems):
    """A file with rows that cannot be read: nothing written, each row and why in the report."""
    report = Report()
    for line, message in problems:
        report.add(line, Outcome.ERROR, message)
    problem = _("%(count)s rows could not be read, so nothing was imported.") % {"count": len(problems)}
    return import_record(kind=kind, file_name=file_name, imported_by=imported_by, report=report, problem=problem)


def legislature_for(house):
    """The House of Commons or Lords, found by name (as staff or the demo may have made it) or made."""
    values = HOUSES[house]
    legislature = Legislature.objects.filter(name__iexact=values["name"]).first()
    if legislature is None:
        legislature = Legislature.objects.create(
            name=values["name"],
            slug=values["slug"],
            kind=values["kind"],
            country="GB",
            member_title=values["member_title"],
        )
    return legislature


class PartyBook:
    """Parties by name without case, British ones first; a party not yet known is made once."""

    def __init__(self):
        self.by_name = {}
        for party in Party.objects.order_by("-country", "pk"):
            key = party.name.casefold()
            if key not in self.by_name or (party.country == "GB" and self.by_name[key].country != "GB"):
                self.by_name[key] = party

    def get(self, name, abbreviation=""):
        if not name:
            return None
        key = name.casefold()
        if key not in self.by_name:
            self.by_name[key] = Party.objects.create(name=name, short_name=abbreviation, country="GB")
        return self.by_name[key]


class NameBook:
    """People who hold or held a seat and are not yet linked to a member of Parliament, by name key,
    for matching by name; each may be matched once per import."""

    def __init__(self):
        people = Person.objects.filter(parliament_record__isnull=True).parliamentarians()
        self.by_key = {}
        for person in people:
            for key in person_name_keys(person):
                self.by_key.setdefault(key, []).append(person)
        self.taken = set()

    def find(self, *keys):
        """(person or None, how many candidates)."""
        candidates = {}
        for key in keys:
            for person in self.by_key.get(key, []):
                if person.pk not in self.taken:
                    candidates[person.pk] = person
        if len(candidates) == 1:
            person = next(iter(candidates.values()))
            self.taken.add(person.pk)
            return person, 1
        return None, len(candidates)


def day_before(day, *, not_before=None):
    """The day before `day`, but never before `not_before` (a role cannot end before it started)."""
    end = day - datetime.timedelta(days=1)
    return max(end, not_before) if not_before else end


def members_import(*, content, file_name="", as_of=None, imported_by=None):
    """Import a Members API file. Returns the ParliamentImport with its report. `as_of` is the day
    the file was saved (default today): a change of party is dated from it."""
    kind = ParliamentImport.Kind.MEMBERS
    try:
        entries, problems = members_from(read_json(content))
    except FileProblem as problem:
        return import_record(kind=kind, file_name=file_name, imported_by=imported_by, problem=problem)
    if problems:
        return refused(kind, file_name=file_name, imported_by=imported_by, problems=problems)
    as_of = as_of or timezone.localdate()
    with transaction.atomic():
        report = members_write(entries, as_of=as_of)
    return import_record(kind=kind, file_name=file_name, imported_by=imported_by, report=report)


@dataclass
class MemberChanges:
    new_people: list = field(default_factory=list)
    changed_people: list = field(default_factory=list)
    new_records: list = field(default_factory=list)
    changed_records: list = field(default_factory=list)
    new_roles: list = field(default_factory=list)
    changed_roles: list = field(default_factory=list)


def members_write(entries, *, as_of):
    now = timezone.now()
    report, changes = Report(), MemberChanges()
    # Both houses, so that a member who moved from one to the other leaves the first.
    legislatures = {house: legislature_for(house) for house in HOUSES}
    parties = PartyBook()
    records = {
        record.parliament_id: record
        for record in MemberRecord.objects.select_related("person").filter(
            parliament_id__in=[entry.parliament_id for entry in entries]
        )
    }
    names = NameBook()
    matched = []  # (entry, person, record or None, how it was found)
    for entry in entries:
        record = records.get(entry.parliament_id)
        if record is not None:
            matched.append((entry, record.person, record, ""))
            continue
        person, candidates = names.find(list_name_key(entry.list_as), name_key(entry.display_as))
        if candidates > 1:
            report.add(
                entry.line,
                Outcome.UNMATCHED,
                _("%(name)s (member %(id)s): %(count)s people of this name hold a seat; link one by hand.")
                % {"name": entry.display_as, "id": entry.parliament_id, "count": candidates},
            )
            continue
        matched.append((entry, person, None, _("matched by name") if person else ""))
    roles_of = {}
    known_ids = [person.pk for _entry, person, _record, _how in matched if person is not None]
    for role in ParliamentaryRole.objects.filter(person_id__in=known_ids, legislature__in=legislatures.values()):
        roles_of.setdefault(role.person_id, []).append(role)

    outcomes = []
    for entry, person, record, how in matched:
        parts = member_name_parts(
            list_as=entry.list_as, display_as=entry.display_as, full_title=entry.full_title, house=entry.house
        )
        notes = [how] if how else []
        if person is None:
            person = Person(country="GB", **vars(parts))
            changes.new_people.append(person)
            outcome = Outcome.CREATED
        else:
            changed_fields = [name for name in NAME_FIELDS if getattr(person, name) != getattr(parts, name)]
            for name in changed_fields:
                setattr(person, name, getattr(parts, name))
            if changed_fields:
                changes.changed_people.append(person)
                notes.append(_("name"))
            outcome = Outcome.UPDATED if (changed_fields or how) else Outcome.UNCHANGED
        if record is None:
            record = MemberRecord(
                person=person,
                parliament_id=entry.parliament_id,
                house=entry.house,
                name_as_listed=entry.list_as,
                imported_at=now,
            )
            changes.new_records.append(record)
        elif (record.house, record.name_as_listed) != (entry.house, entry.list_as):
            record.house, record.name_as_listed, record.imported_at = entry.house, entry.list_as, now
            changes.changed_records.append(record)
            notes.append(_("record"))
            outcome = Outcome.UPDATED if outcome == Outcome.UNCHANGED else outcome
        party = parties.get(entry.party_name, entry.party_abbreviation)
        seat_notes = seat_changes(
            person=person,
            roles=roles_of.get(person.pk, []) if person.pk else [],
            legislature=legislatures[entry.house],
            party=party,
            entry=entry,
            as_of=as_of,
            changes=changes,
        )
        if seat_notes:
            notes.extend(seat_notes)
            outcome = Outcome.UPDATED if outcome == Outcome.UNCHANGED else outcome
        outcomes.append((entry, person, outcome, notes))

    bulk_create_with_history(changes.new_people, Person, batch_size=BATCH)
    bulk_update_with_history(changes.changed_people, Person, NAME_FIELDS, batch_size=BATCH)
    for record in changes.new_records:
        record.person_id = record.person.pk
    MemberRecord.objects.bulk_create(changes.new_records, batch_size=BATCH)
    MemberRecord.objects.bulk_update(changes.changed_records, ["house", "name_as_listed", "imported_at"])
    for role in changes.new_roles:
        role.person_id = role.person.pk
    ParliamentaryRole.objects.bulk_update(
        changes.changed_roles, ["party", "constituency", "is_current", "started_on", "ended_on"], batch_size=BATCH
    )
    ParliamentaryRole.objects.bulk_create(changes.new_roles, batch_size=BATCH)

    for entry, person, outcome, notes in outcomes:
        name = person.full_name
        if outcome == Outcome.CREATED:
            message = _("%(name)s (member %(id)s) added.") % {"name": name, "id": entry.parliament_id}
        elif outcome == Outcome.UPDATED:
            message = _("%(name)s (member %(id)s): %(changes)s.") % {
                "name": name,
                "id": entry.parliament_id,
                "changes": ", ".join(str(note) for note in notes),
            }
        else:
            message = _("%(name)s (member %(id)s) as before.") % {"name": name, "id": entry.parliament_id}
        report.add(entry.line, outcome, message)
    report.rows.sort(key=lambda row: [int(part) for part in row["line"].split(".")])
    return report


def seat_changes(*, person, roles, legislature, party, entry, as_of, changes):
    """Bring the person's seat in this house in line with the file; returns notes of what changed.
    Roles are changed in place only for what does not rewrite history (an end, a start date left
    empty, a renamed seat); a new party or a new membership is a new role."""
    constituency = entry.membership_from if entry.house == MemberRecord.House.COMMONS else ""
    party_id = party.pk if party else None
    here = [role for role in roles if role.legislature_id == legislature.pk]
    current = next((role for role in here if role.is_current), None)
    notes = []

    def open_role(started_on):
        role = ParliamentaryRole(
            person=person,
            legislature=legislature,
            party=party,
            constituency=constituency,
            started_on=started_on,
            is_current=entry.is_current,
            ended_on=None if entry.is_current else (entry.ended_on or as_of),
        )
        if role.ended_on and role.started_on and role.ended_on < role.started_on:
            role.ended_on = role.started_on
        changes.new_roles.append(role)
        return role

    def close(role, ended_on):
        role.is_current = False
        role.ended_on = max(ended_on, role.started_on) if role.started_on else ended_on
        if role not in changes.changed_roles:
            changes.changed_roles.append(role)

    for role in roles:
        if role.legislature_id != legislature.pk and role.is_current and entry.is_current:
            # An MP made a Peer (Parliament's id is the person's, in either house): the Commons seat ends.
            close(role, day_before(entry.started_on or as_of, not_before=role.started_on))
            notes.append(_("left the %(house)s") % {"house": role.legislature})
    if current is not None:
        new_membership = bool(entry.started_on and current.started_on and entry.started_on > current.started_on) and (
            current.constituency != constituency or current.party_id != party_id
        )
        if new_membership:
            close(current, day_before(entry.started_on, not_before=current.started_on))
            open_role(entry.started_on)
            notes.append(_("new seat from %(day)s") % {"day": entry.started_on.isoformat()})
            return notes
        if current.party_id is None and party_id is not None:
            # A seat recorded without its party: filling in the blank rewrites nothing.
            current.party = party
            notes.append(_("party %(party)s") % {"party": party})
        elif current.party_id != party_id and entry.is_current:
            close(current, day_before(as_of, not_before=current.started_on))
            open_role(as_of)
            notes.append(
                _("party now %(party)s (from %(day)s), was %(old)s")
                % {"party": party or "—", "day": as_of.isoformat(), "old": current.party or "—"}
            )
            return notes
        if current.constituency != constituency:
            current.constituency = constituency
            notes.append(_("seat named %(name)s") % {"name": constituency})
        if current.started_on is None and entry.started_on:
            current.started_on = entry.started_on
            notes.append(_("start date"))
        if not entry.is_current:
            close(current, entry.ended_on or as_of)
            notes.append(_("left on %(day)s") % {"day": current.ended_on.isoformat()})
        if notes and current not in changes.changed_roles:
            changes.changed_roles.append(current)
        return notes
    same_period = next((role for role in here if entry.started_on and role.started_on == entry.started_on), None)
    if entry.is_current:
        started_on = entry.started_on if same_period is None else as_of
        open_role(started_on)
        notes.append(_("seat from %(day)s") % {"day": started_on.isoformat() if started_on else "?"})
    elif same_period is None and not here:
        open_role(entry.started_on)
        notes.append(_("former seat"))
    elif same_period is not None and entry.ended_on and same_period.ended_on != entry.ended_on:
        # A past membership whose end Parliament now dates (or dates differently).
        latest = max(here, key=lambda role: role.started_on or datetime.date.min)
        if latest is same_period or (latest.ended_on or datetime.date.min) < entry.ended_on:
            close(latest, entry.ended_on)
            notes.append(_("left on %(day)s") % {"day": entry.ended_on.isoformat()})
    return notes


def default_language_override():
    """Motion titles and texts are read and written in the site's default language, whatever the
    page's (the report's messages stay in the page's language: only model work goes inside)."""
    return translation.override(settings.LANGUAGE_CODE)


def edm_signatures_import(*, content, campaign, session="", file_name="", imported_by=None):
    """Import an Early Day Motions API file: each motion (made in `campaign` as a draft the first
    time) and its signatures. Returns the ParliamentImport with its report."""
    kind = ParliamentImport.Kind.EDM_SIGNATURES
    try:
        motions, problems = motions_from(read_json(content))
    except FileProblem as problem:
        return import_record(kind=kind, file_name=file_name, imported_by=imported_by, problem=problem)
    if problems:
        return refused(kind, file_name=file_name, imported_by=imported_by, problems=problems)
    with transaction.atomic():
        report = Report()
        commons = legislature_for(MemberRecord.House.COMMONS)
        member_ids = {sponsor.parliament_id for motion in motions for sponsor in motion.sponsors}
        member_ids |= {motion.primary_sponsor_id for motion in motions}
        people_by_id = {
            record.parliament_id: record.person
            for record in MemberRecord.objects.select_related("person").filter(parliament_id__in=member_ids - {None})
        }
        names = NameBook()
        for motion_entry in motions:
            motion_write(
                motion_entry,
                campaign=campaign,
                session=session,
                house=commons,
                people_by_id=people_by_id,
                names=names,
                report=report,
            )
    return import_record(kind=kind, file_name=file_name, imported_by=imported_by, report=report)


def unique_motion_slug(base):
    slug = slugify(base)[:240] or "edm"
    taken = set(Motion.objects.filter(slug__startswith=slug).values_list("slug", flat=True))
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


def motion_write(entry, *, campaign, session, house, people_by_id, names, report):
    now = timezone.now()
    record = MotionRecord.objects.select_related("motion").filter(parliament_id=entry.parliament_id).first()
    motion = record.motion if record else None
    reference = _("EDM %(number)s") % {"number": entry.number}
    line = f"EDM {entry.number}"
    if motion is None:
        # Recorded by hand before: the same number in the same session, tabled the same day.
        motion = Motion.objects.filter(
            kind=Motion.Kind.EARLY_DAY_MOTION, house=house, session=session, number=entry.number
        ).first()
        if (
            motion is not None
            and None not in (motion.tabled_on, entry.tabled_on)
            and motion.tabled_on != entry.tabled_on
        ):
            message = _(
                "%(reference)s of another session is already recorded (tabled on %(day)s): give this file's session."
            ) % {"reference": reference, "day": motion.tabled_on.isoformat()}
            report.add(line, Outcome.UNMATCHED, message)
            return
    primary_sponsor = people_by_id.get(entry.primary_sponsor_id)
    values = {
        "title": entry.title,
        "text": entry.text,
        "tabled_on": entry.tabled_on,
        "number": entry.number,
        "primary_sponsor_id": primary_sponsor.pk if primary_sponsor else None,
    }
    if motion is None:
        with default_language_override():
            motion = Motion.objects.create(
                campaign=campaign,
                kind=Motion.Kind.EARLY_DAY_MOTION,
                house=house,
                session=session,
                slug=unique_motion_slug(f"edm-{entry.number}-{entry.title}"),
                source_url=f"https://edm.parliament.uk/early-day-motion/{entry.parliament_id}",
                **values,
            )
        message = _("%(reference)s “%(title)s” added as a draft.") % {"reference": reference, "title": entry.title}
        report.add(line, Outcome.CREATED, message)
    else:
        with default_language_override():
            changed = [name for name, value in values.items() if getattr(motion, name) != value]
            # A sponsor we do not know yet does not take away one staff chose.
            if "primary_sponsor_id" in changed and primary_sponsor is None:
                changed.remove("primary_sponsor_id")
            for name in changed:
                setattr(motion, name, values[name])
            if changed:
                motion.save()
        if changed:
            message = _("%(reference)s: %(fields)s.") % {"reference": reference, "fields": ", ".join(changed)}
            report.add(line, Outcome.UPDATED, message)
        else:
            report.add(line, Outcome.UNCHANGED, _("%(reference)s as before.") % {"reference": reference})
    if record is None:
        MotionRecord.objects.update_or_create(
            motion=motion, defaults={"parliament_id": entry.parliament_id, "imported_at": now}
        )
    signatures_write(entry, motion=motion, people_by_id=people_by_id, names=names, report=report)


def signatures_write(entry, *, motion, people_by_id, names, report):
    existing = {signatory.person_id: signatory for signatory in Signatory.objects.filter(motion=motion)}
    new, changed, seen = [], [], set()
    for sponsor in entry.sponsors:
        person = people_by_id.get(sponsor.parliament_id)
        if person is None:
            person, _count = names.find(name_key(sponsor.name), list_name_key(sponsor.list_as))
            if person is not None and sponsor.parliament_id:
                people_by_id[sponsor.parliament_id] = person
        label = sponsor.name or sponsor.list_as or "?"
        if person is None:
            report.add(
                sponsor.line,
                Outcome.UNMATCHED,
                _("%(name)s (member %(id)s) is not known here: import the members first, then this file again.")
                % {"name": label, "id": sponsor.parliament_id or "?"},
            )
            continue
        if person.pk in seen:
            continue
        seen.add(person.pk)
        values = {
            "is_sponsor": sponsor.sponsoring_order is not None,
            "order": sponsor.sponsoring_order or 0,
            "signed_on": sponsor.signed_on,
            "has_withdrawn": sponsor.has_withdrawn,
            "withdrawn_on": sponsor.withdrawn_on,
        }
        what = _("withdrew") if sponsor.has_withdrawn else (_("sponsor") if values["is_sponsor"] else _("signed"))
        signatory = existing.get(person.pk)
        if signatory is None:
            new.append(Signatory(motion=motion, person=person, **values))
            report.add(sponsor.line, Outcome.CREATED, f"{person.full_name}: {what}")
            continue
        differences = [name for name, value in values.items() if getattr(signatory, name) != value]
        if differences:
            for name in differences:
                setattr(signatory, name, values[name])
            changed.append(signatory)
            report.add(sponsor.line, Outcome.UPDATED, f"{person.full_name}: {what} ({', '.join(differences)})")
        else:
            report.add(sponsor.line, Outcome.UNCHANGED, f"{person.full_name}: {what}")
    bulk_create_with_history(new, Signatory)
    bulk_update_with_history(changed, Signatory, ["is_sponsor", "order", "signed_on", "has_withdrawn", "withdrawn_on"])
