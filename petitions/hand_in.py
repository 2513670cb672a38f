"""The hand-in pack: what staff give a petition's target when they deliver it, as a PDF to print
and a CSV to read into a spreadsheet.

It holds the petition's words, its count, counts by country and, for UK signers, by postcode
district, and the names of the signers who ticked the separate box agreeing that their name may be
delivered (off unless ticked). Nothing else about any signer: no address, no email, no postcode,
no date of signing. Counts under PUBLIC_COUNTRY_MIN_SIGNATURES are summed as "other", as on the
public JSON, since one or two signers in a country or a district are nearly a name.

Why postcode districts and not constituencies: we hold no table from postcode to constituency, and
one changes with every boundary review. The district (the first half of a postcode, "SW1A") is what
the signer gave; a district can straddle two constituencies, and the pack says so.

The PDF is drawn as the guest list is (registrations/exports.py): fpdf2 in Vazirmatn, with
uharfbuzz shaping Persian, so a pack made from the Persian admin prints in Persian, right to left.
"""

import csv
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, F, Sum, Value
from django.db.models.functions import Length, Replace, Substr, Upper
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_countries import countries

from campaign.content import is_right_to_left
from campaign.pdf import CampaignPDF
from campaign.spreadsheets import BYTE_ORDER_MARK, neutralise
from campaign.templatetags.languages import long_date, number
from people.data_rights import ERASED_NAME

from .models import Signature, SignatureCount

OTHER = "other"


@dataclass
class HandInPack:
    petition: object
    total: int
    by_country: list = field(default_factory=list)  # [(country name or "other", count)], largest first
    by_district: list = field(default_factory=list)  # [(postcode district or "other", count)]
    names: list = field(default_factory=list)  # names of signers who agreed to be named, sorted


def small_counts_summed(rows):
    """[(label, count)] with counts under PUBLIC_COUNTRY_MIN_SIGNATURES summed as (OTHER, total) last."""
    minimum = settings.PUBLIC_COUNTRY_MIN_SIGNATURES
    shown = [(label, count) for label, count in rows if count >= minimum]
    other = sum(count for _, count in rows if count < minimum)
    return shown + [(OTHER, other)] if other else shown


def postcode_districts(petition):
    """[(district, count)] of validated UK signatures that gave a postcode, largest first. The
    district is the postcode without its last three characters ("SW1A 0AA" → "SW1A"), worked out
    in the database so that a million signatures never pass through Python."""
    compact = Replace(Upper("postcode"), Value(" "), Value(""))
    rows = (
        Signature.objects.filter(petition=petition, status=Signature.Status.VALIDATED, country="GB")
        .exclude(postcode="")
        .annotate(district=Substr(compact, 1, Length(compact) - 3))
        .values("district")
        .annotate(count=Count("pk"))
        .order_by("-count", "district")
        .values_list("district", "count")
    )
    return list(rows)


def hand_in_pack(petition):
    """What the pack holds, read in three queries whatever the number of signatures."""
    by_country = list(
        SignatureCount.objects.filter(petition=petition)
        .values("country")
        .annotate(total=Sum("count"))
        .filter(total__gt=0)
        .order_by("-total", "country")
        .values_list("country", "total")
    )
    names = (
        Signature.objects.filter(petition=petition, status=Signature.Status.VALIDATED, name_may_be_delivered=True)
        .exclude(name=ERASED_NAME)
        .order_by(F("name").asc())
        .values_list("name", flat=True)
    )
    return HandInPack(
        petition=petition,
        total=sum(total for _, total in by_country),
        by_country=small_counts_summed([(countries.name(code) or code, total) for code, total in by_country]),
        by_district=small_counts_summed(postcode_districts(petition)),
        names=sorted(names, key=lambda name: (name.split()[-1].casefold() if name.split() else "", name.casefold())),
    )


def label(value):
    if value != OTHER:
        return value
    return _("Other (fewer than %(count)s each)") % {"count": number(settings.PUBLIC_COUNTRY_MIN_SIGNATURES)}


def filename(pack, extension):
    return f"hand-in-{pack.petition.slug}-{timezone.localdate():%Y-%m-%d}.{extension}"


def hand_in_csv(pack):
    """Rows of (section, item, signatures): the petition, then the counts, then the names."""
    petition = pack.petition
    rows = [
        (_("Petition"), _("Title"), petition.title),
        (_("Petition"), _("Addressed to"), petition.addressed_to.name),
        (_("Petition"), _("Text"), petition.text),
        (_("Petition"), _("Validated signatures"), pack.total),
        (_("Petition"), _("Counted on"), timezone.localdate().isoformat()),
    ]
    rows += [(_("Country"), label(country), count) for country, count in pack.by_country]
    rows += [(_("UK postcode district"), label(district), count) for district, count in pack.by_district]
    rows += [(_("Name (agreed to be named)"), name, "") for name in pack.names]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_("Section"), _("Item"), _("Value")])
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    return BYTE_ORDER_MARK + buffer.getvalue()


def hand_in_csv_response(pack):
    response = HttpResponse(hand_in_csv(pack), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename(pack, "csv")}"'
    return response


class HandInPDF(CampaignPDF):
    def __init__(self, footer_text, right_to_left):
        super().__init__(footer_text, right_to_left=right_to_left)
        self.align = "R" if right_to_left else "L"

    def paragraph(self, text, size=10, style="", height=6):
        self.set_font("Vazirmatn", style, size)
        self.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT", align=self.align)

    def heading(self, text):
        self.ln(4)
        self.paragraph(text, size=13, style="B", height=8)

    def counts(self, heading, rows):
        """A table of (item, count); in a right-to-left language the item's column is on the right."""
        order = reversed if self.align == "R" else list
        with self.table(
            col_widths=tuple(order((140, 50))), line_height=7, first_row_as_headings=True, text_align=self.align
        ) as table:
            for cells in [(heading, _("Signatures"))] + [(label(item), number(count)) for item, count in rows]:
                row = table.row()
                for text in order(cells):
                    row.cell(text)


def hand_in_pdf(pack):
    petition = pack.petition
    right_to_left = is_right_to_left(translation.get_language())
    pdf = HandInPDF(petition.campaign.organisation.name, right_to_left)
    pdf.add_page()
    pdf.paragraph(_("Petition to %(addressee)s") % {"addressee": petition.addressed_to.name}, size=10)
    pdf.paragraph(petition.title, size=18, style="B", height=9)
    pdf.ln(2)
    pdf.paragraph(petition.text, size=11)
    pdf.heading(
        _("%(count)s validated signatures, counted on %(date)s")
        % {"count": number(pack.total), "date": long_date(timezone.localdate())}
    )
    pdf.paragraph(
        _("Each signer confirmed their email address. Counts smaller than %(minimum)s are summed as “other”.")
        % {"minimum": number(settings.PUBLIC_COUNTRY_MIN_SIGNATURES)}
    )
    pdf.ln(2)
    if pack.by_country:
        pdf.counts(_("Country"), pack.by_country)
    if pack.by_district:
        pdf.heading(_("UK signers by postcode district"))
        pdf.paragraph(
            _(
                "The first half of the postcode each UK signer gave. A district can lie in more than one "
                "parliamentary constituency."
            )
        )
        pdf.ln(2)
        pdf.counts(_("Postcode district"), pack.by_district)
    pdf.heading(_("Signers who agreed that their name be delivered"))
    if pack.names:
        pdf.paragraph(
            _(
                "%(count)s signers ticked a separate box agreeing that their name be handed over. "
                "Others are counted, not named."
            )
            % {"count": number(len(pack.names))}
        )
        pdf.ln(2)
        pdf.paragraph(("، " if right_to_left else ", ").join(pack.names), size=10)
    else:
        pdf.paragraph(_("No signer asked to be named. Every signature is counted above."))
    return bytes(pdf.output())


def hand_in_pdf_response(pack):
    response = HttpResponse(hand_in_pdf(pack), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename(pack, "pdf")}"'
    return response
