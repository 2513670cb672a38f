"""The signatures' CSV export is written by PostgreSQL in one COPY and streamed in pieces: one
statement, one snapshot, no Python object per row, and the same bytes the csv module wrote."""

import csv
import io
from datetime import UTC, datetime

import pytest
from django.db import connection

from campaign.spreadsheets import BYTE_ORDER_MARK, FORMULA_STARTS, SPACES, formula_regex, neutralise
from petitions.exports import COLUMNS, signature_rows
from petitions.models import Signature
from petitions.services import signature_submit

from .factories import make_petition

pytestmark = pytest.mark.django_db


def exported_emails(chunks):
    return [row["email"] for row in csv.DictReader(io.StringIO(b"".join(chunks).decode("utf-8-sig")))]


@pytest.fixture
def petition():
    petition = make_petition()
    for n in range(5):
        signature_submit(petition=petition, name=f"Signer {n}", email=f"signer{n}@example.org", country="GB")
    make_petition(slug="other-petition")  # another petition's signatures never show
    return petition


def test_every_signature_is_exported_once_in_the_order_signed_across_pieces(petition):
    chunks = list(signature_rows(petition, chunk_bytes=100))
    assert len(chunks) > 3  # the header, then several pieces of whole lines
    assert all(chunk.endswith(b"\r\n") for chunk in chunks)
    assert exported_emails(chunks) == [f"signer{n}@example.org" for n in range(5)]


def test_the_whole_export_is_one_statement(petition):
    with connection.cursor() as cursor:
        cursor.execute("SELECT sum(calls) FROM pg_stat_user_functions")  # warm the connection
    before = len(connection.queries_log)
    list(signature_rows(petition))
    assert len(connection.queries_log) == before  # the COPY, not a page of queries


# Values that test each rule: every formula start (plain and full-width), after every kind of
# space; the csv module's quoting (comma, quote, CR, LF); COPY's escapes (backslash, tab, and the
# control characters it writes as \b \f \v); other scripts.
AWKWARD_NAMES = [
    "Ada Lovelace",
    "O'Brien, Jr.",
    'Say "hello"',
    "two\nlines",
    "carriage\rreturn",
    "crlf\r\nname",
    "back\\slash",
    "ends in \\",
    "\\r\n",
    "tab\tinside",
    "bell\b form\f vertical\v",
    "مریم رجوی",
    "emoji 👩🏽‍🔬",
    " ",
    "=1,2",
    '-"quoted"',
    "\t\\=",
    *[start + "SUM(1)" for start in FORMULA_STARTS],
    *[space + "=1+1" for space in SPACES],
    *[space + "x=1" for space in SPACES],
]


def python_export(petition):
    """The export as the csv module wrote it before PostgreSQL did (petitions/exports.py before COPY)."""
    text = io.StringIO()
    text.write(BYTE_ORDER_MARK + ",".join(COLUMNS) + "\r\n")
    rows = Signature.objects.filter(petition=petition).order_by("pk").values_list(*COLUMNS)
    csv.writer(text).writerows([neutralise(value) for value in row] for row in rows)
    return text.getvalue().encode()


def test_the_database_writes_the_bytes_the_csv_module_wrote():
    petition = make_petition()
    for n, name in enumerate(AWKWARD_NAMES):
        Signature.objects.create(
            petition=petition,
            name=name,
            email=f"+signer{n}@example.org" if n % 7 == 0 else f"signer{n}@example.org",
            email_normalised=f"signer{n}@example.org",
            country=["GB", "IR", "FR"][n % 3],
            postcode=["", "SW1A 1AA", "=1"][n % 3],
            status=["pending", "validated"][n % 2],
            wants_email=n % 2 == 0,
            created_at=datetime(2026, 11, 29, 13, 4, 5, 250000 if n % 2 else 0, tzinfo=UTC),
            confirmed_at=None if n % 3 else datetime(2026, 11, 30, 1, 2, 3, 7, tzinfo=UTC),
        )
    exported = b"".join(signature_rows(petition, chunk_bytes=200))
    assert exported == python_export(petition)
    assert exported.count(b"\r\n") > len(AWKWARD_NAMES)


@pytest.mark.parametrize(
    "starts", [SPACES, FORMULA_STARTS, "abc'\"\\,.;:!?#$%^&*()[]{}<>0123456789\u200b\ufeff\u00ad\u2060"]
)
def test_postgresql_neutralises_exactly_what_python_does(starts):
    # Each character alone, before a formula start, after a space, and after a formula start.
    values = []
    for char in starts:
        values += [char, char + "=", " " + char, char + "x", "＝" + char, char + " =", char * 3 + "@"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT value, value ~ %s FROM unnest(%s::text[]) WITH ORDINALITY AS v(value, n) ORDER BY n",
            [formula_regex(), values],
        )
        in_database = cursor.fetchall()
    assert in_database == [(value, neutralise(value) != value) for value in values]


def test_the_spaces_are_every_space_python_knows():
    assert SPACES == "".join(char for char in map(chr, range(0x110000)) if char.isspace())
