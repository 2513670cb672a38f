from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from simple_history.admin import SimpleHistoryAdmin

from campaign.translated_admin import TranslatedAdmin, TranslatedTabularInline, translated_search
from personal_data.admin import PersonalDataAdminMixin
from personal_data.masking import mask_email, mask_ip_address, mask_postcode
from personal_data.models import VIEW_PERSONAL_DATA, PersonalDataAccess
from personal_data.services import access_record

from .email_addresses import normalise_email
from .exports import signatures_csv_response
from .forms import BulkInvalidationForm
from .hand_in import hand_in_csv_response, hand_in_pack, hand_in_pdf_response
from .models import Milestone, Petition, Signature
from .services import signatures_matching, signatures_set_status
from .widget import widget_snippets


def signatures_now_message(changed, status):
    """'3 signatures now invalidated.', with the status's own label (translated with the model)."""
    return ngettext("%(count)s signature now %(status)s.", "%(count)s signatures now %(status)s.", changed) % {
        "count": changed,
        "status": str(Signature.Status(status).label).lower(),
    }


class MilestoneInline(TranslatedTabularInline):
    """Counts the petition may pass and what happens at each. Beat marks one reached within
    PETITION_MILESTONE_TICK_SECONDS of the count passing it, and mails the signers who agreed to
    campaign email, once; a milestone set below the current count is reached, and mailed, at once."""

    model = Milestone
    extra = 0
    fields = ["signatures", "consequence", "reached_at"]
    readonly_fields = ["reached_at"]
    # Two languages side by side in a row: boxes of a size that fits the page.
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 36})}}


@admin.register(Petition)
class PetitionAdmin(SimpleHistoryAdmin, TranslatedAdmin):
    inlines = [MilestoneInline]
    list_display = ["title", "addressed_to", "status", "signature_count", "opened_at", "closes_at", "export_link"]
    list_filter = ["status", "campaign", "addressed_to"]
    list_select_related = ["addressed_to"]
    search_fields = translated_search("title", "text")
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["campaign", "addressed_to", "recommendations"]
    date_hierarchy = "opened_at"

    change_form_template = "admin/petitions/petition/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).with_signature_count()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The petition's page shows how it is doing: its count, signatures a day, the confirmation
        funnel and counts by country (dashboard.services, as on the admin's home)."""
        from dashboard.services import petition_funnel, petitions_activity

        extra_context = extra_context or {}
        petition = self.get_object(request, object_id)
        if petition is not None:
            (activity,) = petitions_activity(petitions=Petition.objects.filter(pk=petition.pk))
            extra_context["activity"] = activity
            extra_context["funnel"] = petition_funnel(petition)
            extra_context["widget_snippets"] = widget_snippets(petition)
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=gettext_lazy("validated signatures"), ordering="signature_count")
    def signature_count(self, petition):
        return petition.signature_count

    @admin.display(description=gettext_lazy("export"))
    def export_link(self, petition):
        url = reverse("admin:petitions_petition_export_signatures", args=[petition.pk])
        return format_html('<a href="{}">CSV</a>', url)

    def may_export(self, request):
        # Exporting is seeing every signer's address at once: it needs both permissions.
        return request.user.has_perm("petitions.export_signatures") and request.user.has_perm(VIEW_PERSONAL_DATA)

    def get_list_display(self, request):
        columns = super().get_list_display(request)
        if not self.may_export(request):
            columns = [c for c in columns if c != "export_link"]
        return columns

    def get_urls(self):
        export = self.admin_site.admin_view(self.export_signatures)
        hand_in = self.admin_site.admin_view(self.hand_in_pack_view)
        return [
            path("<int:pk>/signatures.csv", export, name="petitions_petition_export_signatures"),
            path("<int:pk>/hand-in.<str:file_format>", hand_in, name="petitions_petition_hand_in"),
        ] + super().get_urls()

    def may_download_hand_in_pack(self, request):
        return request.user.has_perm("petitions.download_hand_in_pack")

    def render_change_form(self, request, context, *args, **kwargs):
        context["may_download_hand_in_pack"] = self.may_download_hand_in_pack(request)
        return super().render_change_form(request, context, *args, **kwargs)

    def hand_in_pack_view(self, request, pk, file_format):
        """The pack for the petition's target, as PDF or CSV, in the admin's language. It names the
        signers who agreed to be named, so taking it is logged like any export of personal data."""
        if not self.may_download_hand_in_pack(request):
            raise PermissionDenied
        if file_format not in ("pdf", "csv"):
            raise Http404
        petition = get_object_or_404(Petition.objects.select_related("addressed_to", "campaign__organisation"), pk=pk)
        pack = hand_in_pack(petition)
        access_record(
            user=request.user,
            kind=PersonalDataAccess.Kind.EXPORT,
            model=petition,
            object_id=petition.pk,
            what=f"hand-in pack ({file_format.upper()}): names of signers who agreed to be named",
            rows=len(pack.names),
        )
        return hand_in_pdf_response(pack) if file_format == "pdf" else hand_in_csv_response(pack)

    def export_signatures(self, request, pk):
        if not self.may_export(request):
            raise PermissionDenied
        petition = get_object_or_404(Petition, pk=pk)
        access_record(
            user=request.user,
            kind=PersonalDataAccess.Kind.EXPORT,
            model=petition,
            object_id=petition.pk,
            what="signatures of this petition (CSV)",
            rows=Signature.objects.filter(petition=petition).count(),
        )
        return signatures_csv_response(petition)


@admin.register(Signature)
class SignatureAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    personal_data_fields = {
        "email": mask_email,
        "email_normalised": mask_email,
        "postcode": mask_postcode,
        "ip_address": mask_ip_address,
    }
    list_display = ["name", "email", "petition", "country", "status", "wants_email", "created_at", "confirmed_at"]
    list_filter = [
        "status",
        "petition",
        "wants_email",
        "name_may_be_delivered",
        ("created_at", admin.DateFieldListFilter),
        "country",
    ]
    list_select_related = ["petition"]
    search_fields = ["name", "email"]
    search_help_text = gettext_lazy(
        "An email address finds its signatures at once (aliases included); a name searches slowly."
    )
    readonly_fields = [
        "petition",
        "person",
        "name",
        "email",
        "email_normalised",
        "country",
        "postcode",
        "language",
        "status",
        "wants_email",
        "name_may_be_delivered",
        "consent_wording",
        "ip_address",
        "created_at",
        "confirmed_at",
        "confirmation_mails_sent",
        "last_confirmation_mail_at",
    ]
    actions = ["mark_invalidated", "mark_fraudulent", "mark_validated"]
    show_full_result_count = False  # a COUNT(*) over a million signatures on every page is not worth it

    def has_add_permission(self, request):
        return False  # signatures come from signers, never typed in by staff

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("invalidate/", wrap(self.bulk_invalidation_view), name="petitions_signature_bulk_invalidate"),
        ] + super().get_urls()

    def bulk_invalidation_view(self, request):
        """Invalidate signatures by condition (IP, email domain, time window): a preview of what
        will change first, then the change, with the counts following."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        form = BulkInvalidationForm(request.POST or request.GET or None)
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "form": form}
        context["title"] = _("Invalidate signatures by condition")
        if form.is_bound and form.is_valid():
            matching = signatures_matching(**form.conditions())
            if request.method == "POST" and request.POST.get("confirm") == str(form.preview_total(matching)):
                status = Signature.Status(form.cleaned_data["mark_as"])
                changed = signatures_set_status(matching, status)
                self.message_user(request, signatures_now_message(changed, status))
                return redirect("admin:petitions_signature_changelist")
            context["total"] = form.preview_total(matching)
            context["validated"] = matching.filter(status=Signature.Status.VALIDATED).count()
            context["sample"] = matching.select_related("petition").order_by("-created_at")[:20]
        return TemplateResponse(request, "admin/petitions/signature/bulk_invalidate.html", context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_invalidate": self.has_change_permission(request)}
        return super().changelist_view(request, extra_context)

    def get_search_results(self, request, queryset, search_term):
        # An address is looked up by its normalised form, on an index: fast at a million rows.
        term = search_term.strip()
        if "@" in term and " " not in term:
            return queryset.filter(email_normalised=normalise_email(term)), False
        return super().get_search_results(request, queryset, search_term)

    def _set_status(self, request, queryset, status):
        changed = signatures_set_status(queryset, status)
        self.message_user(request, signatures_now_message(changed, status))

    @admin.action(description=gettext_lazy("Invalidate the selected signatures"), permissions=["change"])
    def mark_invalidated(self, request, queryset):
        self._set_status(request, queryset, Signature.Status.INVALIDATED)

    @admin.action(description=gettext_lazy("Mark the selected signatures as fraudulent"), permissions=["change"])
    def mark_fraudulent(self, request, queryset):
        self._set_status(request, queryset, Signature.Status.FRAUDULENT)

    @admin.action(description=gettext_lazy("Validate the selected signatures"), permissions=["change"])
    def mark_validated(self, request, queryset):
        self._set_status(request, queryset, Signature.Status.VALIDATED)
