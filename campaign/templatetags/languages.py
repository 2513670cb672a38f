"""Template helpers for pages in several languages: the switcher, digits, and the Solar Hijri date.

Persian is written with its own digits (۰۱۲۳۴۵۶۷۸۹) and the Solar Hijri calendar is the one its
readers live by, so Persian pages print counts and dates that way; English pages are unchanged.
"""

import datetime
from urllib.parse import urlencode

import jdatetime
from django import template
from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import date as date_filter
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import get_language_info, pgettext

register = template.Library()

# Languages written with digits of their own, and the thousands separator they use.
NATIVE_DIGITS = {"fa": ("۰۱۲۳۴۵۶۷۸۹", "٬")}
JALALI_MONTHS = [
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
]


def native_digits(text, language=None):
    language = (language or translation.get_language() or "").split("-")[0]
    digits = NATIVE_DIGITS.get(language)
    if not digits:
        return text
    return str(text).translate(str.maketrans("0123456789", digits[0]))


@register.filter
def digits(value):
    """Digits as the current language writes them: 1988 → ۱۹۸۸ on a Persian page."""
    return native_digits(value)


@register.filter
def number(value):
    """A count with thousands separators, in the current language's digits: 12,345 → ۱۲٬۳۴۵."""
    language = (translation.get_language() or "").split("-")[0]
    with translation.override("en"):
        grouped = intcomma(value)
    if language in NATIVE_DIGITS:
        grouped = grouped.replace(",", NATIVE_DIGITS[language][1])
    return native_digits(grouped, language)


def jalali_date(value):
    """'۲۰ شهریور ۱۳۹۹' for 10 September 2020."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    solar = jdatetime.date.fromgregorian(date=value)
    return native_digits(f"{solar.day} {JALALI_MONTHS[solar.month - 1]} {solar.year}", "fa")


@register.filter(expects_localtime=True)
def jalali(value):
    """The Solar Hijri date, in Persian, on Persian pages only ('' elsewhere). Like Django's date
    filter, a time is taken in the current time zone (an event's own, inside {% timezone %})."""
    if not value or (translation.get_language() or "").split("-")[0] != "fa":
        return ""
    return jalali_date(value)


@register.filter(expects_localtime=True)
def long_date(value, date_format=""):
    """A date as the page's language writes it: Django's date filter (month names from Django's
    own translations) in the language's digits, with the Solar Hijri date beside it on Persian
    pages. English: '10 September 2020'; Persian: '۲۰ شهریور ۱۳۹۹ (۱۰ سپتامبر ۲۰۲۰)'.
    `date_format` is a date filter format ("l j F Y"), itself translated in the template."""
    if not value:
        return ""
    gregorian = digits(date_filter(value, date_format or pgettext("date format", "j F Y")))
    solar = jalali(value)
    if not solar:
        return gregorian
    # The translation decides which calendar comes first. The Solar Hijri date is kept on one line.
    return pgettext("a date in two calendars", "%(gregorian)s (%(solar)s)") % {
        "gregorian": gregorian,
        "solar": solar.replace(" ", "\N{NO-BREAK SPACE}"),
    }


@register.simple_tag
def text_direction():
    """ "rtl" or "ltr", as the current language is written: `{% text_direction as direction %}` for
    a mail's <html dir> and the wrappers that mail clients keep when they drop <html> and <body>."""
    return "rtl" if translation.get_language_bidi() else "ltr"


@register.simple_tag(takes_context=True)
def language_links(context):
    """[(code, name in its own language, the same page in it, is current)] for the switcher."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = translation.get_language()
    links = []
    for code, _ in settings.LANGUAGES:
        # The switcher remembers the choice (a cookie) and goes to the same page in that language.
        url = reverse("switch-language", args=[code]) + "?" + urlencode({"next": translate_url(path, code)})
        # "English", not "British English": the switcher names languages, not their variants.
        links.append((code, get_language_info(code.split("-")[0])["name_local"], url, code == current))
    return links
