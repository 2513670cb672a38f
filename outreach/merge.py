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


def validate_merge_fields(text):
    unknown = sorted({name for name in MERGE_FIELD.findall(text or "") if name not in FIELDS})
    if unknown:
        known = ", ".join("{{ %s }}" % name for name in FIELDS)  # noqa: UP031 (literal braces)
        raise ValidationError(f"Unknown merge field(s): {', '.join(unknown)}. The fields are: {known}.")


def fill(text, values, *, html=False):
    """Replace each merge field by its value (HTML-escaped in an HTML part)."""

    def value(match):
        result = str(values.get(match.group(1), ""))
        return escape(result).replace("\n", "<br>") if html else result

    return MERGE_FIELD.sub(value, text)
