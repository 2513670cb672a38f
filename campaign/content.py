"""Which language's version of what staff wrote a page shows, and the note that says so.

A translated field (modeltranslation) reads as the page's language's version, or, when that is
not written, as the first written one in MODELTRANSLATION_FALLBACK_LANGUAGES: a page is never
empty because a translation is missing. This module tells which version that is, from the row
already loaded (no query), so that pages can say it in one short note and mark the text's
language (lang, dir) for readers and screen readers.
"""

from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname, get_language, resolution_order

from .languages import language_name


def shown_language(obj, field, language=None):
    """The language of the version of `obj.field` that a page in `language` (the active one) shows,
    or None when no version is written."""
    for code in resolution_order(language or get_language()):
        value = getattr(obj, build_localized_fieldname(field, code), None)
        if value and str(value).strip():
            return code
    return None


def value_in(obj, field, language):
    """`obj.field` as a page in `language` shows it (its own version, else the first written one),
    whatever language is active: a mail merges an event's title in the language of its text."""
    code = shown_language(obj, field, language)
    return getattr(obj, build_localized_fieldname(field, code)) if code else ""


def is_right_to_left(code):
    for candidate in (code.split("-")[0], code):
        try:
            return get_language_info(candidate)["bidi"]
        except KeyError:
            continue
    return False


def fallback_note(shown_languages, language=None):
    """The note a page puts before text shown in another language than its own, or "" when every
    version shown is in the page's language. `shown_languages`: the languages of what follows."""
    language = language or get_language()
    others = [code for code in shown_languages if code and code != language]
    if not others:
        return ""
    return _("This text is not yet available in %(language)s; the %(original)s original follows.") % {
        "language": language_name(language),
        "original": language_name(others[0]),
    }
