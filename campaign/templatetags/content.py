"""What staff wrote, shown in the page's language or with a note (campaign/content.py).

{% load content %}
{% translation_note event "title" "summary" "body" %}   the note, when any of them is shown in
                                                         another language than the page's
<h1{% content_lang event "title" %}>{{ event.title }}</h1>   lang and dir when it is
"""

from django import template
from django.utils.html import format_html
from modeltranslation.utils import get_language

from campaign.content import fallback_note, is_right_to_left, shown_language

register = template.Library()


@register.simple_tag
def translation_note(obj, *fields):
    note = fallback_note([shown_language(obj, field) for field in fields])
    if not note:
        return ""
    return format_html('<p class="translation-note small text-body-secondary" role="note">{}</p>', note)


@register.simple_tag
def language_attributes(code):
    """lang="…" dir="…" for text in language `code`, when it is not the page's language."""
    if not code or code == get_language():
        return ""
    return format_html(' lang="{}" dir="{}"', code, "rtl" if is_right_to_left(code) else "ltr")


@register.simple_tag
def content_lang(obj, field):
    """lang="…" dir="…" for an element holding `obj.field`, when the version shown is in another
    language than the page's."""
    return language_attributes(shown_language(obj, field))


@register.simple_tag
def statement_note(statement):
    """The note before a statement shown as spoken, in another language than the page's, while no
    translation into the page's language is written."""
    note = fallback_note([statement.shown_language])
    if not note:
        return ""
    return format_html('<p class="translation-note small text-body-secondary mb-1" role="note">{}</p>', note)
