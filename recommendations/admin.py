from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from backing.admin import BackingInline
from campaign.translated_admin import TranslatedAdmin, side_by_side, translated_search

from .models import PublicOffice, Recommendation, StatusUpdate, addressee_prefetches


class RecommendationForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        addressees = ("addressed_to", "addressed_to_offices", "addressed_to_people")
        if not any(cleaned.get(name) for name in addressees if name in self.fields):
            raise forms.ValidationError(_("Say whom it is addressed to: a body, an office or a person."))
        return cleaned


class StatusUpdateInline(admin.TabularInline):
    model = StatusUpdate
    extra = 1
    fields = ["on", "status", "note"]


@admin.register(Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin, TranslatedAdmin):
    form = RecommendationForm
    list_display = ["title", "addressees", "status", "status_changed_on", "campaign"]
    list_filter = ["status", "addressed_to", "addressed_to_offices", "campaign", "made_at"]
    search_fields = translated_search("title", "call_to_action")
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = [
        "campaign",
        "addressed_to",
        "addressed_to_offices",
        "addressed_to_people",
        "made_at",
    ]
    readonly_fields = ["status", "status_changed_on"]
    fields = [
        "campaign",
        side_by_side("title"),
        "slug",
        side_by_side("call_to_action"),
        "addressed_to",
        "addressed_to_offices",
        "addressed_to_people",
        "made_at",
        ("status", "status_changed_on"),
        "order",
    ]
    inlines = [StatusUpdateInline, BackingInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(*addressee_prefetches())

    @admin.display(description=_("addressed to"))
    def addressees(self, recommendation):
        return ", ".join(recommendation.addressees)


@admin.register(PublicOffice)
class PublicOfficeAdmin(TranslatedAdmin):
    list_display = ["title", "organisation"]
    list_select_related = ["organisation"]
    search_fields = [*translated_search("title"), "organisation__name", "organisation__short_name"]
    autocomplete_fields = ["organisation"]
    fields = [side_by_side("title"), "organisation"]
