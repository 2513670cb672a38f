"""CSV export of a petition's signatures, written by PostgreSQL and streamed, so that memory stays
flat at any size and no Python object is made per row.

PostgreSQL builds each line of the CSV (the spreadsheet-formula rule of campaign/spreadsheets.py,
the quoting of Python's csv module, Python's own text for booleans and times) and sends the lines
with one `COPY (SELECT …) TO STDOUT`; we join them into pieces of about CHUNK_BYTES and pass them
on. The bytes are those the csv module wrote from the rows before (tests/petitions/
test_export_sql.py compares them on awkward values). The export is one statement, so one
snapshot: a signature made during the download is not in it, and none is in it twice.

Behind PgBouncer in transaction pooling (README, Running at scale) the COPY is one transaction,
holding one server connection while it streams, as any query does while its result is read;
no cursor or prepared statement outlives it. The socket's back-pressure keeps PostgreSQL from
sending faster than the download takes the data.
"""

import re

from django.db import connection
from django.http import StreamingHttpResponse
from django.utils import timezone
from psycopg import sql

from campaign.spreadsheets import BYTE_ORDER_MARK, formula_regex

from .models import Signature

COLUMNS = ["name", "email", "country", "postcode", "status", "wants_email", "created_at", "confirmed_at"]
TEXT_COLUMNS = ["name", "email", "country", "postcode", "status"]
CHUNK_BYTES = 64 * 1024


def text_cell(column):
    """SQL for a text column as the csv module writes neutralise(value): a leading ' when a
    spreadsheet would run it, and in double quotes (doubled inside) when it holds , " CR or LF."""
    value = sql.Identifier(column)
    neutral = sql.SQL("CASE WHEN {value} ~ {formula} THEN '''' || {value} ELSE {value} END").format(
        value=value, formula=sql.Literal(formula_regex())
    )
    return sql.SQL(
        """CASE WHEN {value} ~ '[",\\r\\n]' THEN '"' || replace({neutral}, '"', '""') || '"' ELSE {neutral} END"""
    ).format(value=value, neutral=neutral)


def time_cell(column):
    """SQL for a time as str() writes Django's UTC datetime: 2026-11-29 13:04:05.250000+00:00, the
    fraction only when there is one, and nothing for NULL."""
    value = sql.Identifier(column)
    utc = sql.SQL("({value} AT TIME ZONE 'UTC')").format(value=value)
    return sql.SQL(
        "COALESCE(to_char({utc}, 'YYYY-MM-DD HH24:MI:SS') "
        "|| CASE WHEN date_trunc('second', {value}) = {value} THEN '' ELSE to_char({utc}, '.US') END "
        "|| '+00:00', '')"
    ).format(utc=utc, value=value)


def export_query(petition_id):
    cells = [text_cell(column) for column in TEXT_COLUMNS]
    cells.append(sql.SQL("CASE WHEN wants_email THEN 'True' ELSE 'False' END"))
    cells += [time_cell("created_at"), time_cell("confirmed_at")]
    # Each line ends in CR here and in LF from COPY: the csv module's CRLF.
    return sql.SQL(
        "COPY (SELECT {line} || E'\\r' FROM {table} WHERE petition_id = {petition} ORDER BY id) TO STDOUT"
    ).format(
        line=sql.SQL(" || ',' || ").join(cells),
        table=sql.Identifier(Signature._meta.db_table),
        petition=sql.Literal(petition_id),
    )


# COPY's text format writes a backslash and these control characters as two-character escapes
# (and never octal ones); every line ends in the escape of our CR, then LF.
ESCAPES = {b"\\": b"\\", b"b": b"\b", b"f": b"\f", b"n": b"\n", b"r": b"\r", b"t": b"\t", b"v": b"\v"}
ESCAPE = re.compile(rb"\\(.)", re.DOTALL)
LINE_END = b"\\r\n"


def unescape(data):
    lines = data.replace(LINE_END, b"\r\n")
    if b"\\" not in lines:  # the usual case: no value held a backslash or a control character
        return lines
    return ESCAPE.sub(lambda match: ESCAPES[match.group(1)], data)


def signature_rows(petition, chunk_bytes=CHUNK_BYTES):
    """The CSV file, in pieces of about `chunk_bytes` (bytes, UTF-8)."""
    yield (BYTE_ORDER_MARK + ",".join(COLUMNS) + "\r\n").encode()
    with connection.cursor() as cursor, cursor.copy(export_query(petition.pk)) as copy:
        lines, size = [], 0
        for line in copy:  # psycopg reads one line at a time
            lines.append(line)
            size += len(line)
            if size >= chunk_bytes:
                yield unescape(b"".join(lines))
                lines, size = [], 0
        if lines:
            yield unescape(b"".join(lines))


def signatures_csv_response(petition):
    filename = f"signatures-{petition.slug}-{timezone.localdate():%Y-%m-%d}.csv"
    response = StreamingHttpResponse(signature_rows(petition), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
