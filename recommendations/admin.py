from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Recommendation, StatusUpdate


class StatusUpdateInline(admin.TabularInline):
    model = StatusUpdate
    extra = 1
    fields = ["on", "status", "note"]


@admin.register(Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
    list_display = ["title", "addressees", "status", "status_changed_on", "campaign"]
    list_filter = ["status", "addressed_to", "campaign", "made_at"]
    search_fields = ["title", "call_to_action"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["campaign", "addressed_to", "made_at", "backers"]
    readonly_fields = ["status", "status_changed_on"]
    fields = [
        "campaign",
        ("title", "slug"),
        "call_to_action",
        "addressed_to",
        "made_at",
        "backers",
        ("status", "status_changed_on"),
        "order",
    ]
    inlines = [StatusUpdateInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("addressed_to")

    @admin.display(description=_("addressed to"))
    def addressees(self, recommendation):
        return ", ".join(org.display_name for org in recommendation.addressed_to.all())
