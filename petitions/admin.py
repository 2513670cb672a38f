from django.contrib import admin

from .models import Petition


@admin.register(Petition)
class PetitionAdmin(admin.ModelAdmin):
    list_display = ["title", "addressed_to", "status", "opened_at", "closes_at", "signature_goal"]
    list_filter = ["status", "campaign", "addressed_to"]
    list_select_related = ["addressed_to"]
    search_fields = ["title", "text"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["campaign", "addressed_to", "recommendations"]
    date_hierarchy = "opened_at"
