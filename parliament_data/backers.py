"""A CSV of backers for everything Parliament's APIs do not publish: statements, letters, pledges,
words at an event. One row is one parliamentarian backing one ask (backing.Backing).

Columns (first line), in any order: `parliament_id` or `person` (the name, titles and accents
optional) or both, `ask` (the recommendation's slug), `how` (signed_motion, signed_statement,
spoke, wrote, pledged, voted), `date` (YYYY-MM-DD, optional), `source_url`, `source_description`.
A cell that starts like a spreadsheet formula is refused (campaign/spreadsheets.py).

Every row is checked first; a row with an error (an unknown person, two people of that name, an
unknown ask, a bad date) is reported by its line and nothing at all is written. A good file is
written in one transaction. A row is the same backing as one already recorded when person, ask,
how and date agree: its source is updated, and nothing else is made, so a file imported twice
changes nothing.
"""

import csv
import datetime
import io

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from backing.models import Backing
from campaign.spreadsheets import looks_like_formula
from people.models import Person
from recommendations.models import Recommendation

from .formats import MAX_BYTES
from .models import MemberRecord, ParliamentImport
from .names import name_key, person_name_keys
from .services import Outcome, Report, default_language_override, import_record

COLUMNS = ["parliament_id", "person", "ask", "how", "date", "source_url", "source_description"]
HOW_CHOICES = [value for value in Backing.How.values if value != Backing.How.RECORDED]


class CsvProblem(Exception):
    pass


def read_csv(content):
    if len(content) > MAX_BYTES:
        raise CsvProblem(_("This file is larger than %(megabytes)s MB.") % {"megabytes": MAX_BYTES // 2**20})
    try:
        text = bytes(content).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvProblem(
            _("This file is not UTF-8 text. In your spreadsheet, save it as “CSV UTF-8” and upload it again.")
        ) from None
    if "\x00" in text or not text.strip():
        raise CsvProblem(_("This file is empty or not a CSV file."))
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [column.strip().lower() for column in next(reader)]
    if "ask" not in header or "how" not in header or not ({"parliament_id", "person"} & set(header)):
        raise CsvProblem(
            _("The first line must name the columns: %(columns)s (parliament_id or person, ask and how at least).")
            % {"columns": ", ".join(COLUMNS)}
        )
    rows = []
    for line, cells in enumerate(reader, start=2):
        if any(cell.strip() for cell in cells):
            rows.append(
                (line, {column: (cells[i].strip() if i < len(cells) else "") for i, column in enumerate(header)})
            )
    if not rows:
        raise CsvProblem(_("The file has no rows under its first line."))
    return rows


class Parliamentarians:
    """Who a row names: by Parliament's id, else by name among people who hold or held a seat."""

    def __init__(self):
        self.by_id = dict(MemberRecord.objects.values_list("parliament_id", "person_id"))
        self.by_key = {}
        self.with_seat = set()
        for person in Person.objects.parliamentarians():
            self.with_seat.add(person.pk)
            for key in person_name_keys(person):
                self.by_key.setdefault(key, set()).add(person.pk)

    def find(self, row):
        """(person id, None) or (None, error message)."""
        member_id, name = row.get("parliament_id", ""), row.get("person", "")
        if member_id:
            if not (member_id.isascii() and member_id.isdecimal()) or int(member_id) not in self.by_id:
                return None, _("No member with Parliament's id “%(id)s”: import the members first.") % {"id": member_id}
            person_id = self.by_id[int(member_id)]
            if person_id not in self.with_seat:
                return None, _("Member %(id)s holds no seat here: import the members first.") % {"id": member_id}
            return person_id, None
        found = self.by_key.get(name_key(name), set())
        if len(found) == 1:
            return next(iter(found)), None
        if not name:
            return None, _("Give the person's name or Parliament's id.")
        if found:
            return None, _("%(count)s parliamentarians are called “%(name)s”: give Parliament's id.") % {
                "count": len(found),
                "name": name,
            }
        return None, _("No parliamentarian called “%(name)s”.") % {"name": name}


def check_row(row, *, people, asks, url_validator):
    """The Backing's values for a row, and its errors."""
    # As in the people import: a cell a spreadsheet would run is refused, not stored to be exported later.
    errors = [
        _("“%(column)s” starts like a spreadsheet formula (with = + - @ or a tab): remove that character.")
        % {"column": column}
        for column, value in row.items()
        if column and looks_like_formula(value)
    ]
    person_id, problem = people.find(row)
    if problem:
        errors.append(problem)
    recommendation_id = asks.get(row.get("ask", "").lower())
    if recommendation_id is None:
        errors.append(_("No ask with the slug “%(slug)s”.") % {"slug": row.get("ask", "")})
    how = row.get("how", "").lower()
    if how not in HOW_CHOICES:
        errors.append(_("“how” is one of %(choices)s.") % {"choices": ", ".join(HOW_CHOICES)})
    backed_on = None
    if row.get("date"):
        try:
            backed_on = datetime.date.fromisoformat(row["date"])
        except ValueError:
            errors.append(_("“%(date)s” is not a date: write it as 2026-11-29.") % {"date": row["date"]})
    source_url = row.get("source_url", "")
    if source_url:
        try:
            url_validator(source_url)
        except ValidationError:
            errors.append(_("“%(url)s” is not a web address.") % {"url": source_url[:80]})
    if len(source_url) > Backing._meta.get_field("source_url").max_length:
        errors.append(_("The source link is too long."))
    description = row.get("source_description", "")
    if len(description) > Backing._meta.get_field("source_description").max_length or "\n" in description:
        errors.append(_("The source's description is one line of at most 255 characters."))
    values = {
        "person_id": person_id,
        "recommendation_id": recommendation_id,
        "how": how,
        "backed_on": backed_on,
        "source_url": source_url,
        "source_description": description,
    }
    return values, errors


def backers_import(*, content, file_name="", imported_by=None):
    """Import a CSV of backers. Returns the ParliamentImport with its report."""
    kind = ParliamentImport.Kind.BACKERS
    try:
        rows = read_csv(content)
    except CsvProblem as problem:
        return import_record(kind=kind, file_name=file_name, imported_by=imported_by, problem=problem)
    people = Parliamentarians()
    asks = {slug.lower(): pk for pk, slug in Recommendation.objects.values_list("pk", "slug")}
    url_validator = URLValidator(schemes=["http", "https"])
    checked, report, error_count = [], Report(), 0
    for line, row in rows:
        values, errors = check_row(row, people=people, asks=asks, url_validator=url_validator)
        if errors:
            error_count += 1
            report.add(line, Outcome.ERROR, " ".join(str(error) for error in errors))
        checked.append((line, values))
    if error_count:
        problem = _("%(count)s rows have errors, so nothing was imported.") % {"count": error_count}
        return import_record(kind=kind, file_name=file_name, imported_by=imported_by, report=report, problem=problem)
    with transaction.atomic():
        report = backers_write(checked)
    return import_record(kind=kind, file_name=file_name, imported_by=imported_by, report=report)


def backers_write(checked):
    report = Report()
    existing = {}
    keys = {(values["person_id"], values["recommendation_id"]) for _line, values in checked}
    for backing in Backing.objects.filter(
        person_id__in={person for person, _ask in keys}, recommendation_id__in={ask for _person, ask in keys}
    ).select_related("person", "recommendation"):
        existing.setdefault((backing.person_id, backing.recommendation_id, backing.how, backing.backed_on), backing)
    names = dict(Person.objects.filter(pk__in={person for person, _ask in keys}).values_list("pk", "family_name"))
    new, changed, in_file = [], [], {}
    for line, values in checked:
        key = (values["person_id"], values["recommendation_id"], values["how"], values["backed_on"])
        label = f"{names.get(values['person_id'], '?')}: {values['how']}"
        if key in in_file:
            report.add(
                line, Outcome.UNCHANGED, _("%(what)s, as on line %(line)s.") % {"what": label, "line": in_file[key]}
            )
            continue
        in_file[key] = line
        backing = existing.get(key)
        if backing is None:
            with default_language_override():
                new.append(Backing(**values))
            report.add(line, Outcome.CREATED, label)
            continue
        source = {"source_url": values["source_url"], "source_description": values["source_description"]}
        with default_language_override():
            differences = [name for name, value in source.items() if getattr(backing, name) != value]
            for name in differences:
                setattr(backing, name, source[name])
        if differences:
            changed.append(backing)
            report.add(line, Outcome.UPDATED, f"{label} ({', '.join(differences)})")
        else:
            report.add(line, Outcome.UNCHANGED, label)
    bulk_create_with_history(new, Backing)
    # The description is translated: the default language's column is written with the field's own.
    with default_language_override():
        localized = build_localized_fieldname("source_description", get_language())
        bulk_update_with_history(changed, Backing, ["source_url", "source_description", localized])
    return report
