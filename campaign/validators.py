"""Validators shared by every app."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def validate_single_line(value):
    """For every field that can reach a mail header (a subject, a sender's name, a person's name,
    a title used in a subject): a line break there would end the header early or stop the mail."""
    if value and ("\n" in value or "\r" in value):
        raise ValidationError(_("Use one line here: line breaks are not allowed."), code="line_break")
