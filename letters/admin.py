from django.contrib import admin
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from campaign.translated_admin import TranslatedAdmin, translated_search
from personal_data.admin import PersonalDataAdminMixin
from personal_data.masking import mask_email, mask_postcode

from .models import Letter, LetterCampaign
from .staff import LetterCampaignRepliesAdminMixin, LetterFollowupAdminMixin

# The writer's own words: read only by staff given letters.view_letter_text.
LETTER_TEXT_FIELDS = ["subject", "body", "reply_text"]


@admin.register(LetterCampaign)
class LetterCampaignAdmin(LetterCampaignRepliesAdminMixin, SimpleHistoryAdmin, TranslatedAdmin):
    list_display = ["title", "recommendation", "recipients", "status", "opens_at", "closes_at"]
    list_filter = ["status", "recipients"]
    list_select_related = ["recommendation"]
    search_fields = translated_search("title")
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["recommendation", "chosen_recipients"]


@admin.register(Letter)
class LetterAdmin(LetterFollowupAdminMixin, PersonalDataAdminMixin, admin.ModelAdmin):
    personal_data_fields = {
        "writer_email": mask_email,
        "writer_email_normalised": mask_email,
        "writer_postcode": mask_postcode,
    }
    list_display = ["__str__", "campaign", "recipient", "constituency_name", "status", "created_at", "sent_at"]
    list_filter = ["status", "campaign", "reply_reported"]
    list_select_related = ["campaign", "recipient"]
    search_fields = ["=writer_email_normalised"]
    search_help_text = gettext_lazy("An email address finds its letters.")
    show_full_result_count = False

    def has_add_permission(self, request):
        return False  # letters come from their writers, never typed in by staff

    def may_read_text(self, request):
        return request.user.has_perm("letters.view_letter_text")

    def get_fields(self, request, obj=None):
        fields = [
            field.name
            for field in Letter._meta.concrete_fields
            if field.editable and not field.primary_key and field.name not in ("shingles",)
        ]
        if not self.may_read_text(request):
            fields = [name for name in fields if name not in LETTER_TEXT_FIELDS + ["writer_address"]]
        return fields

    def get_readonly_fields(self, request, obj=None):
        # Staff read letters; they never rewrite what a constituent wrote. Every field as the page
        # shows it: the fieldsets name the masked stand-ins of personal fields (PersonalDataAdminMixin).
        return [name for _title, options in self.get_fieldsets(request, obj) for name in options["fields"]]
