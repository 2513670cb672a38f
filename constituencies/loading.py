"""Loading the ONS Postcode Directory (ONSPD): postcode → Westminster constituency, 2.7 million rows.

One streamed pass over the file: each live postcode is checked and written straight into a
temporary table through PostgreSQL's COPY (psycopg 3's `cursor.copy`), a block of rows at a time,
so memory stays flat whatever the file's size; then, in the same transaction, the postcode table is
replaced from it with one INSERT … SELECT (`postcodes_replace`). Nothing is written unless the whole
file is good: the first bad row stops the load with its row number, and the transaction leaves the
old data as it was. Lookups read the old rows while the file is read, and wait for the replacing.

The directory's columns are found by name in its header, which changes between releases: older ones
have `pcd, pcd2, pcds, dointr, doterm, …, pcon, …`, recent ones `pcd7, pcd8, pcds, dointr, doterm,
…, pcon24cd, …`. Terminated postcodes (a `doterm` date) are skipped, as are those outside any
constituency (the Channel Islands and the Isle of Man, coded L99999999 and M99999999).

Constituency names are not in the directory: ONS publishes them in a names-and-codes file
(`PCON24CD,PCON24NM,…`), given with --names. Constituencies are never deleted, since letters keep
pointing at them after a boundary review.
"""

import csv
import re
import time
from dataclasses import dataclass

from django.db import connection, transaction

from .models import Constituency, PostcodeConstituency
from .services import normalise_postcode

# A Westminster constituency's ONS (GSS) code: E14, W07, S14 or N06 followed by six digits.
ONS_CODE = re.compile(r"[ENSW]\d{8}")
# ONS's "pseudo" codes, for postcodes outside any constituency (Channel Islands, Isle of Man).
PSEUDO_CODE = re.compile(r"[A-Z]99999999")
POSTCODE_COLUMNS = ("pcds", "pcd", "pcd7", "pcd2", "pcd8")
CONSTITUENCY_COLUMN = re.compile(r"pcon(\d\dcd)?")
NAME_CODE_COLUMN = re.compile(r"pcon\d\dcd")
NAME_COLUMN = re.compile(r"pcon\d\dnm")
# Rows sent to COPY at a time: big enough to be fast, small enough to keep memory flat.
BLOCK = 20_000


class PostcodeFileError(Exception):
    def __init__(self, message, row=None):
        self.row = row
        self.path = None  # which file: the directory or the names file
        super().__init__(message)


@dataclass
class LoadSummary:
    postcodes: int  # distinct live postcodes now loaded
    straddling: int  # of which in two or more constituencies
    terminated: int  # rows skipped: the postcode is no longer in use
    outside: int  # rows skipped: in no Westminster constituency
    constituencies: int  # constituencies with at least one postcode
    new_constituencies: int
    unnamed: int  # constituencies known only by their code (no names file given for them)
    read_seconds: float = 0.0  # reading the file into the temporary table
    replace_seconds: float = 0.0  # replacing the postcode table from it


def column_index(header, wanted, what):
    names = [name.strip().lower() for name in header]
    for candidate in wanted:
        if isinstance(candidate, re.Pattern):
            found = next((i for i, name in enumerate(names) if candidate.fullmatch(name)), None)
        else:
            found = names.index(candidate) if candidate in names else None
        if found is not None:
            return found
    raise PostcodeFileError(f"the header has no {what} column: is this the file ONS publishes?", row=1)


def read_names(path):
    """{ONS code: name} from ONS's names-and-codes file for Westminster constituencies."""
    names = {}
    with open(path, newline="", encoding="utf-8-sig") as file:
        reader = csv.reader(file)
        header = next(reader, None) or []
        code_at = column_index(header, [NAME_CODE_COLUMN], "constituency code (PCON24CD)")
        name_at = column_index(header, [NAME_COLUMN], "constituency name (PCON24NM)")
        for row_number, row in enumerate(reader, start=2):
            if not any(field.strip() for field in row):
                continue
            if len(row) <= max(code_at, name_at):
                raise PostcodeFileError(f"it has {len(row)} fields, fewer than the header's.", row=row_number)
            code, name = row[code_at].strip().upper(), row[name_at].strip()
            if not ONS_CODE.fullmatch(code):
                raise PostcodeFileError(f"“{code}” is not a constituency code.", row=row_number)
            if not name:
                raise PostcodeFileError(f"the constituency {code} has no name.", row=row_number)
            names[code] = name[:200]
    return names


def rows_of(file, width, needed):
    """(row number, fields) for each row after the header, the header being row 1; `needed` is
    the highest column index the caller reads (later ones are left unsplit).

    The directory's fields are codes, dates and numbers, never a comma, so a line with as many
    commas as the header is split on them and its quotes stripped by the caller: several times
    faster than the csv module, which matters over 2.7 million rows. Any other line goes through the
    csv module (a quoted comma), which also finds what is wrong with it.
    """
    commas = width - 1
    for row_number, line in enumerate(file, start=2):
        if line.count(",") == commas:
            yield row_number, line.split(",", needed + 1)
            continue
        try:
            fields = next(csv.reader([line]), [])
        except csv.Error as error:
            raise PostcodeFileError(f"the line is not valid CSV ({error}).", row=row_number) from error
        if not any(field.strip() for field in fields):
            continue  # a blank line, often the last one
        if len(fields) != width:
            raise PostcodeFileError(f"it has {len(fields)} fields where the header has {width}.", row=row_number)
        yield row_number, fields


def field(fields, at):
    """A field without the quotes and spaces around it."""
    return fields[at].strip('" \r\n')


def copy_live_postcodes(file, cursor):
    """Stream the directory's live postcodes into the temporary table postcode_load; returns
    (terminated, outside), the rows skipped."""
    header = next(csv.reader([file.readline()]), None)
    if not header:
        raise PostcodeFileError("the file is empty.", row=1)
    postcode_at = column_index(header, POSTCODE_COLUMNS, "postcode (pcds)")
    terminated_at = column_index(header, ["doterm"], "date of termination (doterm)")
    constituency_at = column_index(header, [CONSTITUENCY_COLUMN], "parliamentary constituency (pcon)")
    terminated = outside = 0
    block = []
    with cursor.copy("COPY postcode_load (postcode, ons_code) FROM STDIN") as copy:
        needed = max(postcode_at, terminated_at, constituency_at)
        for row_number, fields in rows_of(file, len(header), needed):
            if field(fields, terminated_at):
                terminated += 1
                continue
            code = field(fields, constituency_at).upper()
            if not code or PSEUDO_CODE.fullmatch(code):
                outside += 1
                continue
            if not ONS_CODE.fullmatch(code):
                raise PostcodeFileError(f"“{code}” is not a constituency code.", row=row_number)
            postcode = normalise_postcode(field(fields, postcode_at))
            if postcode is None:
                raise PostcodeFileError(f"“{field(fields, postcode_at)}” is not a postcode.", row=row_number)
            block.append(f"{postcode}\t{code}\n")
            if len(block) >= BLOCK:
                copy.write("".join(block))
                block.clear()
        if block:
            copy.write("".join(block))
    return terminated, outside


def constituencies_record(codes, names):
    """Create the constituencies not yet known (from the postcodes and the names file) and rename
    those whose name ONS changed; returns (new, unnamed)."""
    known = dict(Constituency.objects.values_list("ons_code", "name"))
    wanted = set(codes) | set(names)
    new = [
        Constituency(ons_code=code, name=names.get(code, ""), nation=Constituency.nation_of(code))
        for code in sorted(wanted - set(known))
    ]
    Constituency.objects.bulk_create(new)
    renamed = [code for code, name in names.items() if code in known and known[code] != name]
    for constituency in Constituency.objects.filter(ons_code__in=renamed):
        constituency.name = names[constituency.ons_code]
        constituency.save(update_fields=["name"])
    unnamed = Constituency.objects.filter(ons_code__in=wanted, name="").count()
    return len(new), unnamed


def postcodes_replace(cursor):
    """Replace the postcode table's rows by those of postcode_load, in the caller's transaction.

    Why not a plain INSERT: 2.7 million rows inserted one index entry and one deferred foreign-key
    check at a time took minutes on this machine. Dropping the table's constraints and indexes
    (all but its primary key), inserting, then adding them back (one sort per index, one join to
    check the foreign key) takes seconds. The TRUNCATE and ALTER TABLE lock the table until the load
    commits: lookups wait for these seconds, not for the reading of the file, which comes before.
    """
    table = PostcodeConstituency._meta.db_table
    quote = connection.ops.quote_name
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype <> 'p'",
        [table],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = %s "
        "AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
        [table, table],
    )
    indexes = cursor.fetchall()
    cursor.execute(f"TRUNCATE {quote(table)}")
    for name, _definition in constraints:
        cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
    for name, _definition in indexes:
        cursor.execute(f"DROP INDEX {quote(name)}")
    # For this transaction only: sorting millions of short rows in memory rather than on disk.
    cursor.execute("SET LOCAL work_mem = '256MB'")
    cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
    cursor.execute(
        f"INSERT INTO {quote(table)} (postcode, constituency_id) "  # noqa: S608  # nosec B608 - our models' tables
        f"SELECT DISTINCT load.postcode, c.id FROM postcode_load load JOIN {quote(Constituency._meta.db_table)} c "
        "ON c.ons_code = load.ons_code ORDER BY load.postcode, c.id"
    )
    for _name, definition in indexes:
        cursor.execute(definition)
    for name, definition in constraints:
        cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")


def postcodes_load(*, path, names_path=None):
    """Replace the postcode table with the live postcodes of the ONSPD file at `path`; all or
    nothing. Raises PostcodeFileError (with the row number) on the first bad row."""
    try:
        names = read_names(names_path) if names_path else {}
    except PostcodeFileError as error:
        error.path = names_path
        raise
    except UnicodeDecodeError as error:
        raise PostcodeFileError(f"the names file is not UTF-8 text ({error.reason}).") from error
    table = PostcodeConstituency._meta.db_table
    started = time.monotonic()
    try:
        with open(path, newline="", encoding="utf-8-sig") as file, transaction.atomic():
            with connection.cursor() as cursor:
                # Temporary, so unlogged and private to this load; dropped with the transaction (and
                # before, for a load inside a longer transaction: a test's, or a second load's).
                cursor.execute("DROP TABLE IF EXISTS pg_temp.postcode_load")
                cursor.execute(
                    "CREATE TEMPORARY TABLE postcode_load (postcode varchar(8) NOT NULL, ons_code varchar(9) NOT NULL)"
                    " ON COMMIT DROP"
                )
                terminated, outside = copy_live_postcodes(file, cursor)
                cursor.execute("SELECT DISTINCT ons_code FROM postcode_load")
                codes = [code for (code,) in cursor.fetchall()]
                new, unnamed = constituencies_record(codes, names)
                read_seconds = time.monotonic() - started
                postcodes_replace(cursor)
                cursor.execute(
                    f"SELECT COUNT(*), COUNT(*) FILTER (WHERE n > 1), "  # noqa: S608  # nosec B608
                    f"(SELECT COUNT(DISTINCT constituency_id) FROM {table}) "
                    f"FROM (SELECT COUNT(*) AS n FROM {table} GROUP BY postcode) AS per_postcode"
                )
                postcodes, straddling, constituencies = cursor.fetchone()
                cursor.execute(f"ANALYZE {table}")
                cursor.execute("DROP TABLE pg_temp.postcode_load")
    except UnicodeDecodeError as error:
        raise PostcodeFileError(f"the file is not UTF-8 text ({error.reason}).") from error
    except PostcodeFileError as error:
        error.path = error.path or path
        raise
    return LoadSummary(
        postcodes=postcodes,
        straddling=straddling,
        terminated=terminated,
        outside=outside,
        constituencies=constituencies,
        new_constituencies=new,
        unnamed=unnamed,
        read_seconds=round(read_seconds, 1),
        replace_seconds=round(time.monotonic() - started - read_seconds, 1),
    )
