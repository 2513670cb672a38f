"""A press release as staff send it: plain text, or a Word document (python-docx).

Both are built from the release's headline and text as kept (press.models.PressRelease), so that
what staff edited is what they export. In a right-to-left language every paragraph of the Word
document is a right-to-left paragraph (w:bidi) and every run right-to-left text (w:rtl), so that
Word lays Persian out as Persian readers expect.
"""

import io
import re

from django.http import HttpResponse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import get_language_info
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from .services import kicker, section_headings

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# What may follow <w:bidi> in a paragraph's properties (the schema's order), for inserting it.
AFTER_BIDI = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
    "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
# A font with Persian letters that Word on Windows and macOS has; Word falls back when it is missing.
COMPLEX_SCRIPT_FONT = "Tahoma"


def is_right_to_left(language):
    return get_language_info(language.split("-")[0]).get("bidi", False)


def paragraphs_of(text):
    return [paragraph.strip("\n") for paragraph in re.split(r"\n\s*\n", text) if paragraph.strip()]


def press_release_plain_text(release):
    """The release as one plain-text document: kicker, headline, then the text as kept."""
    return f"{kicker(release.language).upper()}\n\n{release.headline}\n\n{release.text}\n"


def file_name(release, extension):
    slug = slugify(release.event.slug)[:80] or "event"
    return f"press-release-{slug}-{release.language}.{extension}"


def set_right_to_left(paragraph):
    properties = paragraph._p.get_or_add_pPr()
    if properties.find(qn("w:bidi")) is None:
        properties.insert_element_before(OxmlElement("w:bidi"), *AFTER_BIDI)
    for run in paragraph.runs:
        run.font.rtl = True
        run.font.complex_script = True


def add_lines(paragraph, text):
    """Lines of one paragraph (a contact's name, address…) as line breaks within it."""
    for number, line in enumerate(text.split("\n")):
        if number:
            paragraph.runs[-1].add_break()
        paragraph.add_run(line.strip())
    return paragraph


def press_release_docx(release):
    """The release as a Word document (bytes)."""
    document = Document()
    right_to_left = is_right_to_left(release.language)
    normal = document.styles["Normal"]
    normal.font.size = Pt(11)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:cs"), COMPLEX_SCRIPT_FONT)
    language = normal.element.get_or_add_rPr().find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        normal.element.get_or_add_rPr().append(language)
    language.set(qn("w:val"), "en-GB")
    if right_to_left:
        language.set(qn("w:bidi"), "fa-IR")

    document.core_properties.title = release.headline
    document.core_properties.language = release.language

    label = document.add_paragraph()
    label.add_run(kicker(release.language).upper()).bold = True
    document.add_heading(release.headline, level=1)
    headings = section_headings(release.language)
    for text in paragraphs_of(release.text):
        if text.strip() in headings:
            document.add_heading(text.strip(), level=2)
        elif text.startswith("• "):
            paragraph = document.add_paragraph(style="List Bullet")
            add_lines(paragraph, text[2:])
        else:
            add_lines(document.add_paragraph(), text)
    if right_to_left:
        for paragraph in document.paragraphs:
            set_right_to_left(paragraph)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def press_release_text_response(release):
    with translation.override(release.language):
        response = HttpResponse(press_release_plain_text(release), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{file_name(release, "txt")}"'
    return response


def press_release_docx_response(release):
    response = HttpResponse(press_release_docx(release), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{file_name(release, "docx")}"'
    return response
