"""Admin pages for what staff write in several languages (django-modeltranslation): each language's
version of a field on one row, side by side, each typed in its own direction.

    class EventAdmin(SimpleHistoryAdmin, TranslatedAdmin):
        fieldsets = [(None, {"fields": [side_by_side("title"), "slug"]})]

A field named without `side_by_side` still shows every version, one under the other."""

from django.utils.translation import get_language_info
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline
from modeltranslation.utils import get_translation_fields


def side_by_side(field):
    """A fieldset row holding every language's version of `field`: ("title_en_gb", "title_fa")."""
    return tuple(get_translation_fields(field))


def translated_search(*fields):
    """Search fields that find a word in any language's version, whatever the admin's language."""
    return [name for field in fields for name in get_translation_fields(field)]


class LanguageDirectionMixin:
    """Each version's box says its language and direction (lang, dir), so that Persian is typed
    right to left in the English admin, and English left to right in the Persian one."""

    def patch_translation_field(self, db_field, field, request, **kwargs):
        super().patch_translation_field(db_field, field, request, **kwargs)
        language = getattr(db_field, "language", None)
        if language:
            widget = self._get_widget_from_field(field)
            bidi = get_language_info(language.split("-")[0]).get("bidi", False)
            widget.attrs.update({"lang": language, "dir": "rtl" if bidi else "ltr"})


class TranslatedAdmin(LanguageDirectionMixin, TranslationAdmin):
    pass


class TranslatedStackedInline(LanguageDirectionMixin, TranslationStackedInline):
    pass


class TranslatedTabularInline(LanguageDirectionMixin, TranslationTabularInline):
    pass
