"""The outbox in the admin: a read-only log of every mail, for superusers (it names addresses)."""

from django.contrib import admin

from personal_data.admin import PersonalDataAdminMixin
from personal_data.masking import mask_email

from .models import OutgoingMail


@admin.register(OutgoingMail)
class OutgoingMailAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    personal_data_fields = {"to_email": mask_email}
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
