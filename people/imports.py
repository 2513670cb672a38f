"""Importing people from a CSV file, in bulk: a dry run that counts, then an all-or-nothing apply.

django-import-export handled one row at a time (a model instance, `full_clean`, a save and its
history row, a query per tag, legislature and party, a consent record with its own lock): about
10 s for 500 rows, so a list of 50,000 supporters timed out in the web request. Here a file is
read once with the csv module, every row is checked in Python against what was loaded beforehand
(legislatures, parties, tags, and the people the file names, fetched by normalised address in a
few queries), and the writes are a handful of bulk statements in one transaction. The export still
uses django-import-export (people/resources.py).

Both steps run in a worker (people/tasks.py), on a PersonImport row that holds the file:
- `person_import_check` reads the file and writes nothing but the import's counts and errors
  (how many people are new, updated, unchanged, and each row with an error and why);
- `person_import_apply`, once staff confirm a check without errors, reads the file again against
  the database as it is then, and writes it all in one transaction: an error in any row, or a
  failure at row 90,000, leaves nothing written. It then deletes the file.

Rules for a row (the same as the old import): a column that is in the file sets the field, even
when empty (except an empty `language`, which keeps an existing person's and gives a new one the
site's); people are matched by address without case; tags are added, never removed; a legislature
gives the person a role there (party, constituency, current); `consent` records an opt-in (with
the words agreed to), an opt-out or a bounce in the consent history; a cell that starts like a
spreadsheet formula is refused (campaign/spreadsheets.py).
"""

import csv
import io
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from campaign.languages import default_language, language_choices
from campaign.spreadsheets import BYTE_ORDER_MARK, looks_like_formula, neutralise

from .models import ConsentChange, Legislature, ParliamentaryRole, Party, Person, PersonImport, Tag

PERSON_COLUMNS = [
    "honorific",
    "given_name",
    "family_name",
    "territorial_designation",
    "post_nominals",
    "salutation_title",
    "description",
    "country",
    "email",
    "postcode",
    "language",
]
SINGLE_LINE = {"honorific", "given_name", "family_name", "territorial_designation", "post_nominals", "salutation_title"}
COLUMNS = PERSON_COLUMNS + ["tags", "legislature", "party", "constituency", "current", "consent", "consent_wording"]
# What a row may say of a person's consent: "unknown" and empty leave the person as they are.
CONSENT_VALUES = {"", "subscribed", "unsubscribed", "bounced", "unknown"}
RECORDED_CONSENT = {"subscribed", "unsubscribed", "bounced"}
NOT_CURRENT = {"no", "false", "0", "former"}
BATCH = 2000
# The key of the transaction-level advisory lock an apply holds (with the import's id as the second
# half): one apply of an import at a time, whatever the worker.
APPLY_LOCK_CLASS = 16_001
PROGRESS_EVERY = 5000


class FileProblem(Exception):
    """The file as a whole cannot be read: nothing in it is imported."""


@dataclass
class Plan:
    """What a file would do to the database as it is now; `person_import_apply` writes it."""

    total_rows: int = 0
    columns: list = field(default_factory=list)
    ignored_columns: list = field(default_factory=list)
    error_rows: list = field(default_factory=list)
    new_people: list = field(default_factory=list)
    updated_people: list = field(default_factory=list)
    updated_fields: set = field(default_factory=set)
    unchanged: int = 0
    new_tag_names: list = field(default_factory=list)
    # (person, tag name), (person, legislature, party, constituency, is_current), (person, status, wording)
    tag_links: list = field(default_factory=list)
    roles: list = field(default_factory=list)
    consents: list = field(default_factory=list)


def read_rows(content):
    """The file's header and rows (dicts of stripped cells), or FileProblem."""
    if len(content) > settings.PEOPLE_IMPORT_MAX_BYTES:
        raise FileProblem(_("This file is larger than %(megabytes)s MB: split it into smaller files.")
                          % {"megabytes": settings.PEOPLE_IMPORT_MAX_BYTES // 2**20})  # fmt: skip
    try:
        text = bytes(content).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(
            _("This file is not UTF-8 text. In your spreadsheet, save it as “CSV UTF-8” and upload it again.")
        ) from None
    if "\x00" in text:
        raise FileProblem(_("This file could not be read as CSV. Check that it is a CSV file."))
    if not text.strip():
        raise FileProblem(_("The file is empty."))
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [column.strip().lower() for column in next(reader)]
    if "family_name" not in header and "email" not in header:
        raise FileProblem(
            _("The first line must name the columns, among them family_name or email: %(columns)s.")
            % {"columns": ", ".join(COLUMNS)}
        )
    rows = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        rows.append({column: (cells[i].strip() if i < len(cells) else "") for i, column in enumerate(header)})
    return header, rows


class Checker:
    """Checks rows against what the database holds, loaded once: no query per row."""

    def __init__(self, *, unknown_tags):
        self.unknown_tags = unknown_tags
        self.legislatures = {name.lower(): pk for pk, name in Legislature.objects.values_list("pk", "name")}
        self.parties = {}
        for pk, name in Party.objects.order_by("pk").values_list("pk", "name"):
            self.parties.setdefault(name.lower(), pk)
        self.tags = {name.lower(): name for name in Tag.objects.values_list("name", flat=True)}
        self.new_tags = {}
        self.languages = [code for code, _ in language_choices()]
        self.max_lengths = {name: Person._meta.get_field(name).max_length for name in PERSON_COLUMNS}
        self.email_validator = EmailValidator()
        self.country_codes = {code for code, _name in countries}

    def errors(self, row):
        """{column: message} for one row; fills `row["tag_names"]` as a side effect."""
        errors = {
            column: _(
                "“%(column)s” starts like a spreadsheet formula (with = + - @ or a tab): "
                "remove that character, or check where this file came from."
            )
            % {"column": column}
            for column, value in row.items()
            if column and looks_like_formula(value)
        }
        for column in PERSON_COLUMNS:
            value = row.get(column)
            if not value:
                continue
            if len(value) > self.max_lengths[column]:
                errors.setdefault(
                    column,
                    _("At most %(count)s characters here.") % {"count": self.max_lengths[column]},
                )
            if column in SINGLE_LINE and ("\n" in value or "\r" in value):
                errors.setdefault(column, _("Use one line here: line breaks are not allowed."))
        if "family_name" in row and not row["family_name"]:
            errors.setdefault("family_name", _("A family name is needed."))
        email = row.get("email")
        if email:
            try:
                self.email_validator(email)
            except ValidationError:
                errors.setdefault("email", _("“%(email)s” is not an email address.") % {"email": email})
        country = row.get("country")
        if country and country.upper() not in self.country_codes:
            errors.setdefault(
                "country", _("Unknown country “%(code)s”: use a two-letter code such as GB.") % {"code": country}
            )
        if row.get("language") and row["language"].lower() not in self.languages:
            errors["language"] = _("Unknown language “%(language)s”: use %(codes)s or leave it empty.") % {
                "language": row["language"],
                "codes": ", ".join(self.languages),
            }
        legislature, party = row.get("legislature"), row.get("party")
        if legislature and legislature.lower() not in self.legislatures:
            errors["legislature"] = _("Unknown legislature “%(name)s”: add it in the admin first.") % {
                "name": legislature
            }
        if party and party.lower() not in self.parties:
            errors["party"] = _("Unknown party “%(name)s”: add it in the admin first.") % {"name": party}
        if party and not legislature:
            errors["legislature"] = _("A party needs a legislature.")
        consent = (row.get("consent") or "").lower()
        if consent not in CONSENT_VALUES:
            # The values are the file's own words, not translated.
            errors["consent"] = _("Consent is “subscribed”, “unsubscribed”, “bounced”, “unknown” or empty.")
        if consent == "subscribed" and not row.get("consent_wording"):
            errors["consent_wording"] = _("Give the words the person agreed to when consent is “subscribed”.")
        if consent == "subscribed" and not email:
            errors["email"] = _("A subscribed supporter needs an email address.")
        tag_names, unknown = [], []
        for name in (row.get("tags") or "").split(","):
            name = name.strip()
            if not name:
                continue
            known = self.tags.get(name.lower()) or self.new_tags.get(name.lower())
            if known:
                tag_names.append(known)
            elif (
                self.unknown_tags == PersonImport.UnknownTags.CREATE
                and len(name) <= Tag._meta.get_field("name").max_length
            ):
                self.new_tags[name.lower()] = name
                tag_names.append(name)
            else:
                unknown.append(name)
        if unknown:
            errors["tags"] = _("No such tag: %(names)s. Add it in the admin, or choose to create new tags.") % {
                "names": ", ".join(unknown)
            }
        row["tag_names"] = tag_names
        return errors


def existing_people(emails):
    """{normalised address: Person} for those of `emails` already known, in one query on the
    index of lower(email). (The ORM's `__in` would bind each of 100,000 addresses one by one.)"""
    people = Person.objects.raw(
        f"SELECT * FROM {connection.ops.quote_name(Person._meta.db_table)} "  # noqa: S608 (the model's table)  # nosec B608
        "WHERE email IS NOT NULL AND lower(email) = ANY(%s)",
        [list(emails)],
    )
    return {person.email.lower(): person for person in people}


def person_import_plan(content, *, unknown_tags, on_progress=lambda rows, total=None: None):
    """Read and check a file against the database as it is: a Plan, or FileProblem."""
    header, rows = read_rows(content)
    on_progress(0, len(rows))
    plan = Plan(total_rows=len(rows), columns=header)
    plan.ignored_columns = [column for column in dict.fromkeys(header) if column and column not in COLUMNS]
    checker = Checker(unknown_tags=unknown_tags)
    first_line_of = {}
    good = []
    for index, row in enumerate(rows):
        line = index + 2  # the header is line 1
        errors = checker.errors(row)
        email = (row.get("email") or "").lower() or None
        if email and "email" not in errors:
            if email in first_line_of:
                errors["email"] = _("This address is also on line %(line)s.") % {"line": first_line_of[email]}
            else:
                first_line_of[email] = line
        if errors:
            plan.error_rows.append(
                {
                    "line": line,
                    "errors": "; ".join(f"{column}: {message}" for column, message in errors.items()),
                    "row": {column: row.get(column, "") for column in header if column},
                }
            )
        else:
            good.append((row, email))
        if (index + 1) % PROGRESS_EVERY == 0:
            on_progress(index + 1)
    plan.new_tag_names = sorted(checker.new_tags.values(), key=str.lower)
    known = existing_people(email for _, email in good if email)
    known_ids = [person.pk for person in known.values()]
    roles = {}
    if known and "legislature" in header:
        for role in ParliamentaryRole.objects.raw(
            f"SELECT * FROM {ParliamentaryRole._meta.db_table} WHERE person_id = ANY(%s)",  # noqa: S608  # nosec B608
            [known_ids],
        ):
            roles[role.person_id, role.legislature_id] = role
    tags_held = {}
    if known and "tags" in header:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT link.person_id, tag.name FROM {Person.tags.through._meta.db_table} AS link "  # noqa: S608  # nosec B608
                f"JOIN {Tag._meta.db_table} AS tag ON tag.id = link.tag_id WHERE link.person_id = ANY(%s)",
                [known_ids],
            )
            for person_id, name in cursor.fetchall():
                tags_held.setdefault(person_id, set()).add(name)
    fields_in_file = [column for column in PERSON_COLUMNS if column in header]
    for row, email in good:
        person = known.get(email) if email else None
        values = {column: row[column] for column in fields_in_file}
        values["email"] = email
        if "country" in values:
            values["country"] = values["country"].upper()
        if "language" in values:
            values["language"] = values["language"].lower()
        changed = False
        if person is None:
            # A new person is a dict of column values until it is written (by COPY, see plan_write).
            values["language"] = values.get("language") or default_language()
            person = {"id": None, **values}
            plan.new_people.append(person)
            held = ()
        else:
            for column in fields_in_file:
                value = values[column]
                if column == "language" and not value:
                    continue
                if getattr(person, column) != value:
                    setattr(person, column, value)
                    plan.updated_fields.add(column)
                    changed = True
            held = tags_held.get(person.pk, ())
        for name in row["tag_names"]:
            if name not in held:
                plan.tag_links.append((person, name))
                changed = True
        legislature = row.get("legislature")
        if legislature:
            legislature_id = checker.legislatures[legislature.lower()]
            party_id = checker.parties[row["party"].lower()] if row.get("party") else None
            constituency = row.get("constituency", "")
            is_current = (row.get("current") or "yes").lower() not in NOT_CURRENT
            role = None if isinstance(person, dict) else roles.get((person.pk, legislature_id))
            if role is None or (role.party_id, role.constituency, role.is_current) != (
                party_id,
                constituency,
                is_current,
            ):
                plan.roles.append((person, role, legislature_id, party_id, constituency, is_current))
                changed = True
        consent = (row.get("consent") or "").lower()
        current_consent = Person.EmailConsent.UNKNOWN if isinstance(person, dict) else person.email_consent
        if consent in RECORDED_CONSENT and current_consent != consent:
            plan.consents.append((person, consent, row.get("consent_wording", "") if consent == "subscribed" else ""))
            changed = True
        if isinstance(person, dict):
            continue
        if changed:
            plan.updated_people.append(person)
        else:
            plan.unchanged += 1
    on_progress(len(rows))
    return plan


class ProgressWriter:
    """Writes an import's progress on a database connection of its own, a thread's: the apply's
    rows are written in one transaction that nobody else sees until it commits, yet staff watch
    the bar move. The apply's transaction never locks the import's row until the writer is done."""

    def __init__(self, import_id):
        self.import_id = import_id
        self.thread = ThreadPoolExecutor(max_workers=1)

    def __call__(self, rows_done, total=None):
        self.thread.submit(self._write, rows_done)

    def _write(self, rows_done):
        PersonImport.objects.filter(pk=self.import_id).update(rows_done=rows_done)

    def close(self):
        if self.thread is not None:
            self.thread.submit(connection.close)
            self.thread.shutdown(wait=True)
            self.thread = None


def person_id(person):
    """The id of a person of a Plan: a Person, or a dict of a new one's values once written."""
    return person["id"] if isinstance(person, dict) else person.pk


def copy_rows(table, columns, rows):
    """Write `rows` (tuples in the order of `columns`) into `table` with PostgreSQL's COPY.

    Raw SQL earns its place here: Django's bulk_create prepares every value of every row through
    the field's get_db_prep_save and builds one INSERT with a placeholder per value, which cost
    about 1 s per 1,000 people with their history rows; COPY streams the rows (bench/imports.py)."""
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def allocate_ids(model, count):
    """`count` new ids from `model`'s id sequence, so that rows written by COPY can be referred to."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def history_record(ids_query, params, *, history_type, reason, user_id, at):
    """A history row (django-simple-history's) for each person `ids_query` selects, as they are
    now: what `bulk_create_with_history` would write, without building each one in Python."""
    quote = connection.ops.quote_name
    columns = [quote(f.column) for f in Person.history.model.tracked_fields]
    extra = ["history_date", "history_change_reason", "history_type", "history_user_id"]
    history_table, table = quote(Person.history.model._meta.db_table), quote(Person._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {history_table} ({', '.join(columns + extra)}) "  # noqa: S608 (names from the models)  # nosec B608
            f"SELECT {', '.join(columns)}, %s, %s, %s, %s FROM {table} WHERE id IN ({ids_query})",
            [at, reason[:100], history_type, user_id, *params],
        )


def plan_write(plan, *, source, recorded_by, on_progress):
    """Write a Plan without errors. Call inside a transaction."""
    now = timezone.now()
    done = plan.unchanged
    user_id = recorded_by.pk if recorded_by else None
    history = {"reason": source, "user_id": user_id, "at": now}
    quote = connection.ops.quote_name
    table = Person._meta.db_table
    for person, status, _wording in plan.consents:
        if isinstance(person, dict):
            person["email_consent"], person["email_consent_changed_at"] = status, now
        else:
            person.email_consent, person.email_consent_changed_at = status, now
            plan.updated_fields |= {"email_consent", "email_consent_changed_at"}

    # New people by COPY, in batches (for the progress bar), each with its "created" history row.
    fields = Person._meta.concrete_fields
    defaults = {f.attname: f.get_default() for f in fields}
    defaults.update(created_at=now, updated_at=now)
    ids = iter(allocate_ids(Person, len(plan.new_people)))
    for start in range(0, len(plan.new_people), BATCH * 5):
        batch = plan.new_people[start : start + BATCH * 5]
        rows = []
        for person in batch:
            person["id"] = next(ids)
            values = {**defaults, **person, "public_id": uuid.uuid4()}
            rows.append(tuple(values[f.attname] for f in fields))
        copy_rows(table, [f.column for f in fields], rows)
        history_record("SELECT unnest(%s::bigint[])", [[p["id"] for p in batch]], history_type="+", **history)
        done += len(batch)
        on_progress(done)

    # Updated people: the changed columns into a temporary table by COPY, one UPDATE … FROM it,
    # then a "changed" history row for each.
    if plan.updated_people:
        changed = [Person._meta.get_field(name) for name in sorted(plan.updated_fields | {"updated_at"})]
        columns = [quote(f.column) for f in changed]
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE people_import_update ON COMMIT DROP AS "  # noqa: S608 (names from the model)  # nosec B608
                f"SELECT id, {', '.join(columns)} FROM {quote(table)} WITH NO DATA"
            )
        for start in range(0, len(plan.updated_people), BATCH * 5):
            batch = plan.updated_people[start : start + BATCH * 5]
            for person in batch:
                person.updated_at = now
            copy_rows(
                "people_import_update",
                ["id"] + [f.column for f in changed],
                ((p.pk, *(f.get_db_prep_save(getattr(p, f.attname), connection) for f in changed)) for p in batch),
            )
            done += len(batch)
            on_progress(done)
        assignments = ", ".join(f"{column} = new.{column}" for column in columns)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {quote(table)} AS person SET {assignments} "  # noqa: S608 (names from the model)  # nosec B608
                "FROM people_import_update AS new WHERE person.id = new.id"
            )
        history_record("SELECT id FROM people_import_update", [], history_type="~", **history)
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE people_import_update")

    if plan.new_tag_names:
        Tag.objects.bulk_create([Tag(name=name) for name in plan.new_tag_names], ignore_conflicts=True)
    if plan.tag_links:
        tag_ids = dict(Tag.objects.filter(name__in={name for _, name in plan.tag_links}).values_list("name", "pk"))
        through = Person.tags.through
        copy_rows(
            through._meta.db_table,
            ["person_id", "tag_id"],
            ((person_id(person), tag_ids[name]) for person, name in plan.tag_links),
        )
    new_roles, changed_roles = [], []
    for person, role, legislature_id, party_id, constituency, is_current in plan.roles:
        if role is None:
            new_roles.append(
                ParliamentaryRole(
                    person_id=person_id(person),
                    legislature_id=legislature_id,
                    party_id=party_id,
                    constituency=constituency,
                    is_current=is_current,
                )
            )
        else:
            role.party_id, role.constituency, role.is_current = party_id, constituency, is_current
            changed_roles.append(role)
    ParliamentaryRole.objects.bulk_create(new_roles, batch_size=BATCH)
    ParliamentaryRole.objects.bulk_update(changed_roles, ["party", "constituency", "is_current"], batch_size=BATCH)
    if plan.consents:
        # What people.services.person_record_consent does for one person, for many: the status is
        # on the person (written above) and the change is recorded, in this same transaction.
        copy_rows(
            ConsentChange._meta.db_table,
            ["person_id", "status", "changed_at", "source", "wording", "recorded_by_id"],
            ((person_id(person), status, now, source, wording, user_id) for person, status, wording in plan.consents),
        )
    on_progress(plan.total_rows)


def plan_record(person_import, plan):
    """The counts and errors of a Plan on its import row (not saved)."""
    person_import.total_rows = plan.total_rows
    person_import.rows_done = plan.total_rows
    person_import.new_count = len(plan.new_people)
    person_import.updated_count = len(plan.updated_people)
    person_import.unchanged_count = plan.unchanged
    person_import.error_count = len(plan.error_rows)
    person_import.error_rows = plan.error_rows
    person_import.new_tags = plan.new_tag_names
    person_import.ignored_columns = plan.ignored_columns


def person_import_create(*, file_name, content, unknown_tags, created_by, language=None):
    """A new import waiting to be checked. The caller queues the check (people.tasks.check_import)."""
    return PersonImport.objects.create(
        file_name=file_name[:255],
        content=content,
        unknown_tags=unknown_tags,
        created_by=created_by,
        language=language or default_language(),
    )


def person_import_check(*, import_id):
    """The dry run: count what the file would do and list its errors; write no person. Safe to run
    twice (a second run finds the import checked and returns)."""
    person_import = PersonImport.objects.filter(pk=import_id, status=PersonImport.Status.CHECKING).first()
    if person_import is None:
        return None

    def progress(rows_done, total=None):
        changes = {"rows_done": rows_done} if total is None else {"rows_done": rows_done, "total_rows": total}
        PersonImport.objects.filter(pk=import_id).update(**changes)

    try:
        plan = person_import_plan(person_import.content, unknown_tags=person_import.unknown_tags, on_progress=progress)
    except FileProblem as problem:
        person_import.status, person_import.problem = PersonImport.Status.FAILED, str(problem)
        person_import.content, person_import.finished_at = b"", timezone.now()
        person_import.save()
        return person_import
    plan_record(person_import, plan)
    person_import.status = PersonImport.Status.CHECKED
    person_import.save()
    return person_import


def person_import_confirm(*, import_id):
    """Staff confirm a checked import without errors. True when it is now waiting to be applied
    (the caller queues people.tasks.apply_import), False when it was not in a state to be."""
    return bool(
        PersonImport.objects.filter(pk=import_id, status=PersonImport.Status.CHECKED, error_count=0).update(
            status=PersonImport.Status.APPLYING, rows_done=0
        )
    )


def person_import_apply(*, import_id):
    """Write a confirmed import, all of it or nothing, then delete its file. Safe to run twice: a
    transaction-level advisory lock lets one run at a time, and a run that finds the import no
    longer waiting returns (a worker that died mid-way wrote nothing; the task runs again)."""
    progress = ProgressWriter(import_id)
    try:
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [APPLY_LOCK_CLASS, import_id])
                    if not cursor.fetchone()[0]:
                        return None
                person_import = PersonImport.objects.filter(pk=import_id, status=PersonImport.Status.APPLYING).first()
                if person_import is None:
                    return None
                plan = person_import_plan(person_import.content, unknown_tags=person_import.unknown_tags)
                if plan.error_rows:
                    raise ApplyRefused(plan)
                source = f"CSV import {person_import.file_name}"[:200]
                plan_write(plan, source=source, recorded_by=person_import.created_by, on_progress=progress)
                progress.close()  # before this transaction touches the import's row
                plan_record(person_import, plan)
                person_import.status, person_import.finished_at = PersonImport.Status.DONE, timezone.now()
                person_import.content = b""  # applied: the file is no longer kept
                person_import.save()
                return person_import
        finally:
            progress.close()
    except ApplyRefused as refused:
        problem = _("The file has rows with errors now that were fine when it was checked: nothing was imported.")
        return import_failed(import_id, plan=refused.plan, problem=problem)
    except FileProblem as problem:
        return import_failed(import_id, problem=str(problem))
    except Exception as error:
        # A database error mid-way: the transaction was rolled back, so nothing was written.
        import_failed(
            import_id,
            problem=_("The import failed and nothing was imported: %(error)s") % {"error": type(error).__name__},
        )
        raise


class ApplyRefused(Exception):
    def __init__(self, plan):
        super().__init__("rows with errors")
        self.plan = plan


def import_failed(import_id, *, problem, plan=None):
    person_import = PersonImport.objects.get(pk=import_id)
    if plan is not None:
        plan_record(person_import, plan)
    person_import.status, person_import.problem, person_import.finished_at = (
        PersonImport.Status.FAILED,
        str(problem),
        timezone.now(),
    )
    person_import.rows_done, person_import.content = 0, b""
    person_import.save()
    return person_import


def imports_purge(*, now=None):
    """Delete the files and error rows of imports older than PEOPLE_IMPORT_KEEP_HOURS (the record
    of who imported what, and its counts, stays). Returns how many were purged."""
    cutoff = (now or timezone.now()) - timezone.timedelta(hours=settings.PEOPLE_IMPORT_KEEP_HOURS)
    old = PersonImport.objects.filter(created_at__lt=cutoff)
    expired = old.filter(status__in=[PersonImport.Status.CHECKING, PersonImport.Status.CHECKED]).update(
        status=PersonImport.Status.EXPIRED, content=b"", error_rows=[]
    )
    cleared = (
        old.exclude(content=b"", error_rows=[])
        .exclude(status=PersonImport.Status.APPLYING)
        .update(content=b"", error_rows=[])
    )
    return expired + cleared


def error_rows_csv(person_import):
    """The rows with errors as CSV text: line, error, then the file's own columns; every cell as
    text a spreadsheet never runs."""
    columns = []
    for error_row in person_import.error_rows:
        columns.extend(column for column in error_row["row"] if column not in columns)
    out = io.StringIO()
    out.write(BYTE_ORDER_MARK)
    writer = csv.writer(out)
    writer.writerow(["line", "error", *columns])
    for error_row in person_import.error_rows:
        cells = [error_row["line"], error_row["errors"], *(error_row["row"].get(c, "") for c in columns)]
        writer.writerow([neutralise(cell) for cell in cells])
    return out.getvalue()
