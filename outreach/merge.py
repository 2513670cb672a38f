"""Merge fields in mailings: `{{ first_name }}` and a few others, nothing more.

Staff write mailings, but a full template language in a mail body is a way to read settings or
run tags by accident; a fixed set of fields, checked when the mailing is saved, is all a letter
needs and is fast to fill in for each of 100,000 recipients.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.html import escape

MERGE_FIELD = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")

FIELDS = {
    "first_name": "The recipient's given name (or their salutation when it is unknown).",
    "full_name": "The recipient's name with titles: 'Rt Hon Sir Roger Gale MP'.",
    "salutation": "What follows 'Dear': 'Sir Roger', 'Lord Maginnis', 'Ms Villiers'.",
    "event_url": "The page of the mailing's event.",
    "event_title": "The title of the mailing's event.",
    "petition_url": "The page of the mailing's petition.",
    "petition_title": "The title of the mailing's petition.",
    "unsubscribe_url": "The recipient's one-click unsubscribe link.",
    "upcoming_events": "A list of the published events still to come.",
    "open_petitions": "A list of the petitions open for signing.",
}


# Anything left of template syntax once the merge fields are taken out: `{{ name|upper }}`, `{% if %}`.
TEMPLATE_SYNTAX = re.compile(r"\{\{|\}\}|\{%|%\}")


def validate_merge_fields(text):
    """Only the fields below, written `{{ name }}`: anything else would reach recipients as written."""
    known = ", ".join("{{ %s }}" % name for name in FIELDS)  # noqa: UP031 (literal braces)
    unknown = sorted({name for name in MERGE_FIELD.findall(text or "") if name not in FIELDS})
    if unknown:
        raise ValidationError(f"Unknown merge field(s): {', '.join(unknown)}. The fields are: {known}.")
    if TEMPLATE_SYNTAX.search(MERGE_FIELD.sub("", text or "")):
        raise ValidationError(
            f"Only merge fields written like {{{{ first_name }}}} can be used, without filters or tags. "
            f"The fields are: {known}."
        )


def fill(text, values, *, html=False, header=False):
    """Replace each merge field by its value: HTML-escaped in an HTML part, on one line in a header."""

    def value(match):
        result = str(values.get(match.group(1), ""))
        if header:
            return " ".join(result.split())
        return escape(result).replace("\n", "<br>") if html else result

    return MERGE_FIELD.sub(value, text)
