from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import ContactLog, Stance


@admin.register(Stance)
class StanceAdmin(SimpleHistoryAdmin):
    list_display = ["person", "recommendation", "stance", "updated_by", "updated_at"]
    list_filter = ["stance", "recommendation"]
    list_select_related = ["person", "recommendation", "updated_by"]
    search_fields = ["person__family_name", "person__given_name", "recommendation__title"]
    autocomplete_fields = ["person", "recommendation"]
    fields = ["person", "recommendation", "stance", "note", "updated_by", "updated_at"]
    readonly_fields = ["updated_by", "updated_at"]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ContactLog)
class ContactLogAdmin(admin.ModelAdmin):
    list_display = ["person", "recommendation", "contacted_on", "channel", "by", "next_step", "next_step_on"]
    list_filter = ["channel", "recommendation", "contacted_on"]
    list_select_related = ["person", "recommendation", "by"]
    search_fields = ["person__family_name", "person__given_name", "note", "next_step"]
    autocomplete_fields = ["person", "recommendation"]
    date_hierarchy = "contacted_on"
    fieldsets = [
        (None, {"fields": ["person", "recommendation", ("contacted_on", "channel"), "by", "note"]}),
        (_("Next step"), {"fields": ["next_step", "next_step_on"]}),
    ]
    readonly_fields = ["by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.by = request.user
        super().save_model(request, obj, form, change)
