"""The outbox in the admin: a read-only log of every mail, for superusers (it names addresses)."""

from django.contrib import admin

from .models import OutgoingMail


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "to_email", "status", "attempts", "due_at", "sent_at", "last_error"]
    list_filter = ["status", "kind", "priority"]
    search_fields = ["=to_email"]
    show_full_result_count = False
    readonly_fields = [field.name for field in OutgoingMail._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
