"""CSV export of a petition's signatures, streamed so that memory stays flat at any size."""

import csv

from django.http import StreamingHttpResponse
from django.utils import timezone

from campaign.spreadsheets import BYTE_ORDER_MARK, neutralise

from .models import Signature

COLUMNS = ["name", "email", "country", "postcode", "status", "wants_email", "created_at", "confirmed_at"]


class Echo:
    """A file-like object whose write() hands back the line, for csv.writer to feed a stream."""

    def write(self, value):
        return value


def signature_rows(petition):
    writer = csv.writer(Echo())
    yield BYTE_ORDER_MARK + writer.writerow(COLUMNS)
    rows = Signature.objects.filter(petition=petition).order_by("pk").values_list(*COLUMNS).iterator(chunk_size=5000)
    for row in rows:
        yield writer.writerow([neutralise(value) for value in row])


def signatures_csv_response(petition):
    filename = f"signatures-{petition.slug}-{timezone.localdate():%Y-%m-%d}.csv"
    response = StreamingHttpResponse(signature_rows(petition), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
