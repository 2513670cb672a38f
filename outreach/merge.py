"""Merge fields in mailings: `{{ first_name }}` and a few others, nothing more.

Staff write mailings, but a full template language in a mail body is a way to read settings or
run tags by accident; a fixed set of fields, checked when the mailing is saved, is all a letter
needs and is fast to fill in for each of 100,000 recipients.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MERGE_FIELD = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")

FIELDS = {
    "first_name": gettext_lazy("The recipient's given name (or their salutation when it is unknown)."),
    "full_name": gettext_lazy("The recipient's name with titles: 'Rt Hon Sir Roger Gale MP'."),
    "salutation": gettext_lazy("What follows 'Dear': 'Sir Roger', 'Lord Maginnis', 'Ms Villiers'."),
    "event_url": gettext_lazy("The page of the mailing's event."),
    "event_title": gettext_lazy("The title of the mailing's event."),
    "petition_url": gettext_lazy("The page of the mailing's petition."),
    "petition_title": gettext_lazy("The title of the mailing's petition."),
    "unsubscribe_url": gettext_lazy("The recipient's one-click unsubscribe link."),
    "upcoming_events": gettext_lazy("A list of the published events still to come."),
    "open_petitions": gettext_lazy("A list of the petitions open for signing."),
    "constituency": gettext_lazy("An MP's constituency: 'Bath' (empty for anyone who is not a current MP)."),
    "constituents_signed": gettext_lazy(
        "How many people in an MP's constituency signed the mailing's petition (or, without one, any petition "
        "of its campaign): validated signatures, by postcode. 0 for anyone who is not a current MP."
    ),
    "constituents_wrote": gettext_lazy(
        "How many of an MP's constituents wrote to them through the letter campaigns (letters confirmed, one "
        "per writer). 0 for anyone nobody wrote to."
    ),
}


# Anything left of template syntax once the merge fields are taken out: `{{ name|upper }}`, `{% if %}`.
TEMPLATE_SYNTAX = re.compile(r"\{\{|\}\}|\{%|%\}")


def validate_merge_fields(text):
    """Only the fields below, written `{{ name }}`: anything else would reach recipients as written."""
    known = ", ".join("{{ %s }}" % name for name in FIELDS)  # noqa: UP031 (literal braces)
    unknown = sorted({name for name in MERGE_FIELD.findall(text or "") if name not in FIELDS})
    if unknown:
        raise ValidationError(
            _("Unknown merge field(s): %(unknown)s. The fields are: %(known)s.")
            % {"unknown": ", ".join(unknown), "known": known}
        )
    if TEMPLATE_SYNTAX.search(MERGE_FIELD.sub("", text or "")):
        raise ValidationError(
            _(
                "Only merge fields written like %(example)s can be used, without filters or tags. "
                "The fields are: %(known)s."
            )
            % {"example": "{{ first_name }}", "known": known}
        )


def fill(text, values, *, html=False, header=False):
    """Replace each merge field by its value: HTML-escaped in an HTML part, on one line in a header."""

    def value(match):
        result = str(values.get(match.group(1), ""))
        if header:
            return " ".join(result.split())
        return escape(result).replace("\n", "<br>") if html else result

    return MERGE_FIELD.sub(value, text)
