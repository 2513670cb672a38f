"""The site's languages as values of a field: a signer's, a person's, the language a statement was
spoken in. Choices and default are functions, so that a language added to settings.LANGUAGES needs
no migration of these fields."""

from django.conf import settings
from django.utils.translation import get_language_info


def language_name(code):
    """'English', 'Persian' in the active language ('انگلیسی', 'فارسی' on a Persian page), from
    Django's own catalogue of language names."""
    for candidate in (code.split("-")[0], code):
        try:
            return get_language_info(candidate)["name_translated"]
        except KeyError:
            continue
    return code


def language_choices():
    return [(code, language_name(code)) for code, _ in settings.LANGUAGES]


def default_language():
    return settings.LANGUAGE_CODE


def site_language(code):
    """`code` when the site has that language ('fa-ir' counts as 'fa'), else the default."""
    codes = [language for language, _ in settings.LANGUAGES]
    code = (code or "").lower()
    if code in codes:
        return code
    base = code.split("-")[0]
    return next((language for language in codes if language.split("-")[0] == base), settings.LANGUAGE_CODE)
