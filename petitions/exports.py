"""CSV export of a petition's signatures, streamed so that memory stays flat at any size.

The rows are read a page at a time by keyset pagination (WHERE id > the last id sent, ORDER BY
id, LIMIT), each page its own short query. A cursor kept open for the whole download would hold
one PostgreSQL session for as long as the download lasts, which PgBouncer's transaction pooling
cannot give (README, Running at scale), and without it Django's .iterator() reads the whole
result into memory at once. A page is as cheap at the millionth row as at the first. The export
is not one snapshot: a signature made during the download may or may not be in it, and none is
in it twice.
"""

import csv
import io

from django.http import StreamingHttpResponse
from django.utils import timezone

from campaign.spreadsheets import BYTE_ORDER_MARK, neutralise

from .models import Signature

COLUMNS = ["name", "email", "country", "postcode", "status", "wants_email", "created_at", "confirmed_at"]
PAGE_SIZE = 2000


def signature_rows(petition, page_size=PAGE_SIZE):
    """The CSV text, in one piece per page of rows."""
    yield BYTE_ORDER_MARK + ",".join(COLUMNS) + "\r\n"
    signatures = Signature.objects.filter(petition=petition).order_by("pk").values_list("pk", *COLUMNS)
    last_pk = 0
    while True:
        page = list(signatures.filter(pk__gt=last_pk)[:page_size])
        text = io.StringIO()
        csv.writer(text).writerows([neutralise(value) for value in row[1:]] for row in page)
        yield text.getvalue()
        if len(page) < page_size:
            return
        last_pk = page[-1][0]


def signatures_csv_response(petition):
    filename = f"signatures-{petition.slug}-{timezone.localdate():%Y-%m-%d}.csv"
    response = StreamingHttpResponse(signature_rows(petition), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
