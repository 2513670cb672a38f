import re

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from campaign.translated_admin import TranslatedAdmin, side_by_side, translated_search

from .models import Motion, Signatory
from .services import motion_list_primary_sponsor

EDM_REFERENCE = re.compile(r"EDM\s*(?P<number>\d+)", re.IGNORECASE)


class SignatoryInline(admin.TabularInline):
    model = Signatory
    extra = 3
    autocomplete_fields = ["person"]
    fields = ["order", "person", "is_sponsor", "signed_on", "has_withdrawn", "withdrawn_on"]


@admin.register(Motion)
class MotionAdmin(SimpleHistoryAdmin, TranslatedAdmin):
    list_display = ["title", "kind", "reference_shown", "house", "session", "tabled_on", "status"]
    list_filter = ["status", "kind", "house", "session", "campaign"]
    list_select_related = ["house"]
    search_fields = [
        *translated_search("title", "text"),
        "number",
        "session",
        "primary_sponsor__family_name",
        "signatories__person__family_name",
    ]
    date_hierarchy = "tabled_on"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["campaign", "house", "primary_sponsor", "events", "recommendations", "petitions"]
    fieldsets = [
        (None, {"fields": ["campaign", "kind", side_by_side("title"), "slug", "status"]}),
        (_("In Parliament"), {"fields": [("number", "house", "session"), "tabled_on", "primary_sponsor"]}),
        (_("Words"), {"fields": [side_by_side("text"), "source_url"]}),
        (_("Backing"), {"fields": ["stated_total", side_by_side("stated_total_wording")]}),
        (_("Linked to"), {"fields": ["events", "recommendations", "petitions"]}),
    ]
    inlines = [SignatoryInline]

    def get_search_results(self, request, queryset, search_term):
        # Staff type a motion as Parliament and the press cite it: "EDM 1189".
        cited = EDM_REFERENCE.fullmatch(search_term.strip())
        if cited:
            return queryset.filter(number=cited["number"]), False
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description=_("number"), ordering="number")
    def reference_shown(self, motion):
        return motion.reference

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        motion_list_primary_sponsor(motion_id=form.instance.pk)


@admin.register(Signatory)
class SignatoryAdmin(SimpleHistoryAdmin):
    """Every signature a person put to a motion or statement, across motions."""

    list_display = ["person", "motion", "is_sponsor", "signed_on", "has_withdrawn", "withdrawn_on"]
    list_filter = ["is_sponsor", "has_withdrawn", "motion"]
    list_select_related = ["person", "motion"]
    search_fields = ["person__given_name", "person__family_name", *translated_search("motion__title")]
    autocomplete_fields = ["person", "motion"]
