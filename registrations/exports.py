"""The guest list in the form a security desk takes: the confirmed guests' names as on their photo
ID (their registered name when none was asked) and organisations, in alphabetical order of family
name, as CSV and as a printable PDF.

The PDF is drawn with fpdf2 (pure Python) in Vazirmatn, the site's own font, whose Latin and
Persian letters cover every name we take; uharfbuzz shapes Persian and puts right-to-left text in
order, so a name typed in Persian prints as written.
"""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from campaign.pdf import CampaignPDF
from campaign.spreadsheets import BYTE_ORDER_MARK, neutralise

from .dates import event_when
from .models import Registrant


def desk_name(registrant):
    return registrant.name_on_id or registrant.name


def family_name_first(name):
    """Sort key: the last word first ('Ada Lovelace' files under L), case and accents aside."""
    words = name.casefold().split()
    return (words[-1] if words else "", name.casefold())


def guests(registration):
    """The confirmed guests, as (name as on ID, organisation), in the desk's order."""
    rows = (
        Registrant.objects.filter(event_id=registration.event_id)
        .holding_places()
        .only("name", "name_on_id", "organisation")
    )
    listed = [(desk_name(r), r.organisation) for r in rows]
    return sorted(listed, key=lambda row: family_name_first(row[0]))


def filename(registration, extension):
    return f"guest-list-{registration.event.slug}-{timezone.localdate():%Y-%m-%d}.{extension}"


def guest_list_csv_response(registration, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_("Name as on photo ID"), _("Organisation")])
    for name, organisation in rows:
        writer.writerow([neutralise(name), neutralise(organisation)])
    response = HttpResponse(BYTE_ORDER_MARK + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename(registration, "csv")}"'
    return response


def guest_list_pdf(registration, rows):
    event = registration.event
    pdf = CampaignPDF(_("Personal data: for the security desk of this event only. Destroy after the event."))
    pdf.add_page()
    pdf.set_font("Vazirmatn", "B", 16)
    pdf.multi_cell(0, 8, _("Guest list: %(title)s") % {"title": event.title}, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Vazirmatn", size=10)
    pdf.multi_cell(0, 6, event_when(event), new_x="LMARGIN", new_y="NEXT")
    if event.venue:
        pdf.multi_cell(0, 6, event.venue, new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(
        0,
        6,
        _("%(count)s confirmed guests, in order of family name.") % {"count": len(rows)},
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    # The last column is left empty for the desk to tick.
    with pdf.table(col_widths=(10, 88, 72, 20), line_height=7, first_row_as_headings=True) as table:
        header = table.row()
        for heading in ("#", _("Name as on photo ID"), _("Organisation"), _("Arrived")):
            header.cell(heading)
        for number, (name, organisation) in enumerate(rows, start=1):
            row = table.row()
            for text in (str(number), name, organisation, ""):
                row.cell(text)
    return bytes(pdf.output())


def guest_list_pdf_response(registration, rows):
    response = HttpResponse(guest_list_pdf(registration, rows), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename(registration, "pdf")}"'
    return response
