from django.contrib import admin

from .models import Campaign, Organisation

admin.site.site_header = "Campaign administration"
admin.site.site_title = "Campaign admin"


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "country", "runs_this_site"]
    list_filter = ["kind", "runs_this_site"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "is_active", "started_on"]
    list_filter = ["is_active", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["organisation"]
