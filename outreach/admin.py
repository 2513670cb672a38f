import json
import re

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from campaign.languages import language_name, site_language
from campaign.models import Organisation
from campaign.translated_admin import TranslatedAdmin, side_by_side, translated_search
from people.models import Person
from personal_data.admin import PersonalDataAdminMixin
from personal_data.masking import mask_email

from . import services
from .models import Audience, Delivery, Mailing, RecurringMailing
from .rendering import MailingRenderer

SAMPLE_SIZE = 10


def audience_summary(audience):
    if audience is None or audience.pk is None:
        return "Save to see who it reaches."
    people = audience.people()
    sample = list(people.order_by("family_name", "given_name")[:SAMPLE_SIZE])
    names = format_html_join(", ", "{}", ((p.full_name,) for p in sample))
    return format_html("<strong>{}</strong> recipients now. For example: {}", people.count(), names or "nobody")


def languages_summary(audience, mailing=None):
    """How many recipients read each language and, for a mailing, whether that version is written
    (the others get the original with a note)."""
    if audience is None or audience.pk is None:
        return _("Save to see which languages its recipients read.")
    rows = []
    original = mailing.version_for(settings.LANGUAGE_CODE) if mailing else None
    for code, count in services.audience_languages(audience).items():
        values = {"language": language_name(code), "count": count, "original": language_name(original or code)}
        if mailing is None:
            line = ngettext("%(language)s: %(count)s recipient", "%(language)s: %(count)s recipients", count)
        elif mailing.is_written_in(code):
            line = ngettext(
                "%(language)s: %(count)s recipient, who gets this version (written).",
                "%(language)s: %(count)s recipients, who get this version (written).",
                count,
            )
        else:
            line = ngettext(
                "%(language)s: %(count)s recipient. This version is not written: they get the %(original)s "
                "original with a note.",
                "%(language)s: %(count)s recipients. This version is not written: they get the %(original)s "
                "original with a note.",
                count,
            )
        rows.append((line % values,))
    return format_html('<ul class="languages-reach">{}</ul>', format_html_join("", "<li>{}</li>", rows))


@admin.register(Audience)
class AudienceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]  # "who it reaches" costs a count per audience: on its page only
    list_filter = ["kind"]
    search_fields = ["name"]
    autocomplete_fields = ["signed_petitions", "took_part_in", "tags", "legislatures", "parties"]
    readonly_fields = ["reach", "reach_by_language"]
    fieldsets = [
        (None, {"fields": ["name", "kind", "reach", "reach_by_language"]}),
        ("Supporters", {"fields": ["signed_petitions"]}),
        ("Parliamentarians", {"fields": ["legislatures", "parties", "standing"]}),
        ("Anyone", {"fields": ["took_part_in", "tags", "countries"]}),
    ]

    @admin.display(description="who it reaches")
    def reach(self, audience):
        return audience_summary(audience)

    @admin.display(description=_("languages they read"))
    def reach_by_language(self, audience):
        return languages_summary(audience)


class MailingStatusFilter(admin.SimpleListFilter):
    title = "stage"
    parameter_name = "stage"

    def lookups(self, request, model_admin):
        return [("active", "Scheduled or sending"), ("attention", "Paused")]

    def queryset(self, request, queryset):
        if self.value() == "active":
            return queryset.filter(status__in=[Mailing.Status.SCHEDULED, Mailing.Status.SENDING])
        if self.value() == "attention":
            return queryset.filter(status=Mailing.Status.PAUSED)
        return queryset


# The buttons on a mailing's page that need the "send mailing" permission: service and message.
SENDING_ACTIONS = {
    "schedule": (services.mailing_schedule, "Scheduled: it goes out at its send time."),
    "unschedule": (services.mailing_unschedule, "Back to draft."),
    "pause": (services.mailing_pause, "Paused: workers stop after the batch they are sending."),
    "resume": (services.mailing_resume, "Resumed."),
    "cancel": (services.mailing_cancel, "Cancelled: nothing more will be sent."),
}


@admin.register(Mailing)
class MailingAdmin(SimpleHistoryAdmin, TranslatedAdmin):
    list_display = ["name", "status", "send_at", "audience", "sent", "failed", "pending", "campaign"]
    list_filter = [MailingStatusFilter, "status", "campaign", "audience"]
    list_select_related = ["audience", "campaign"]
    search_fields = ["name", *translated_search("subject")]
    autocomplete_fields = ["campaign", "audience", "event", "petition"]
    change_form_template = "admin/outreach/mailing/change_form.html"
    date_hierarchy = "send_at"
    fieldsets = [
        (None, {"fields": ["campaign", "name", "audience", "audience_reach", "languages_reach"]}),
        (
            "Message",
            {
                "fields": [
                    side_by_side("subject"),
                    side_by_side("body_text"),
                    side_by_side("body_html"),
                    "event",
                    "petition",
                ]
            },
        ),
        ("Sender", {"fields": [("from_name", "from_email"), "reply_to"]}),
        ("Sending", {"fields": ["send_at", ("status", "status_note"), ("started_at", "finished_at")]}),
    ]
    base_readonly = ["audience_reach", "languages_reach", "status", "status_note", "started_at", "finished_at"]

    def get_queryset(self, request):
        def count(statuses):
            deliveries = Delivery.objects.filter(about_id=OuterRef("pk"), status__in=statuses)
            counted = deliveries.order_by().values("about_id").annotate(n=Count("id")).values("n")
            return Coalesce(Subquery(counted), 0)

        return (
            super()
            .get_queryset(request)
            .annotate(
                sent_count=count(["sent"]),
                failed_count=count(["failed"]),
                pending_count=count(["queued", "retry", "in_flight", "held"]),
            )
        )

    @admin.display(ordering="sent_count")
    def sent(self, mailing):
        return mailing.sent_count

    @admin.display(ordering="failed_count")
    def failed(self, mailing):
        return mailing.failed_count

    @admin.display(ordering="pending_count")
    def pending(self, mailing):
        return mailing.pending_count

    @admin.display(description="who it reaches")
    def audience_reach(self, mailing):
        return audience_summary(mailing.audience if mailing.audience_id else None)

    @admin.display(description=_("languages and versions"))
    def languages_reach(self, mailing):
        return languages_summary(mailing.audience if mailing.audience_id else None, mailing)

    def get_readonly_fields(self, request, obj=None):
        if obj and obj.status != Mailing.Status.DRAFT:
            # Once scheduled, what people receive is fixed; duplicate it to change it.
            return flatten_fieldsets(self.fieldsets)
        return self.base_readonly

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        organisation = Organisation.objects.filter(runs_this_site=True).first()
        initial.setdefault("from_name", organisation.name if organisation else "")
        initial.setdefault("from_email", settings.DEFAULT_FROM_EMAIL.rpartition("<")[2].rstrip(">"))
        return initial

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        # A mailing that went out is part of the record.
        return super().has_delete_permission(request, obj) and (obj is None or obj.status == Mailing.Status.DRAFT)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/preview/", wrap(self.preview_view), name="outreach_mailing_preview"),
            path("<int:pk>/progress.json", wrap(self.progress_view), name="outreach_mailing_progress"),
            path("<int:pk>/do/<str:action>/", wrap(self.action_view), name="outreach_mailing_action"),
        ] + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        mailing = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if mailing:
            extra_context["progress"] = services.mailing_progress(mailing)
            extra_context["can_send"] = request.user.has_perm("outreach.send_mailing")
            extra_context["can_add"] = self.has_add_permission(request)
            extra_context["deliveries_url"] = (
                reverse("admin:outreach_delivery_changelist") + f"?mailing__id__exact={mailing.pk}"
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def progress_view(self, request, pk):
        mailing = get_object_or_404(Mailing, pk=pk)
        if not self.has_view_permission(request, mailing):
            raise PermissionDenied
        return JsonResponse(services.mailing_progress(mailing))

    def preview_view(self, request, pk):
        mailing = get_object_or_404(Mailing.objects.select_related("audience", "event", "petition"), pk=pk)
        if not self.has_view_permission(request, mailing):
            raise PermissionDenied
        sample = list(mailing.audience.people().order_by("family_name", "given_name")[:SAMPLE_SIZE])
        person = None
        asked = request.GET.get("person", "")
        # ASCII digits only: str.isdigit() takes "²" and "٣", which are no number the database knows.
        if re.fullmatch(r"[0-9]{1,18}", asked):
            person = Person.objects.filter(pk=int(asked)).first()
        if asked and person is None:
            messages.warning(
                request, f"There is no person number “{asked[:40]}”: the preview is for another recipient."
            )
        person = person or (sample[0] if sample else Person(given_name="Test", family_name="Recipient", pk=0))
        # What this recipient gets: their language's version, or the original with its note.
        with translation.override(site_language(person.language)):
            message = MailingRenderer(mailing).message(person, person.email or "test@example.org")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Preview: {mailing.name}",
            "mailing": mailing,
            "recipient": person,
            "sample": sample,
            "message": message,
            "html": message.alternatives[0][0],
            "headers": json.dumps(dict(message.extra_headers), indent=2),
        }
        return TemplateResponse(request, "admin/outreach/mailing/preview.html", context)

    def action_view(self, request, pk, action):
        return require_POST(self._action)(request, pk, action)

    def _action(self, request, pk, action):
        mailing = get_object_or_404(Mailing, pk=pk)
        change_url = reverse("admin:outreach_mailing_change", args=[pk])
        if action == "duplicate":
            if not self.has_add_permission(request):
                raise PermissionDenied
            copy = services.mailing_duplicate(mailing, created_by=request.user)
            self.message_user(request, "Duplicated: this is the copy, a draft.", messages.SUCCESS)
            return redirect("admin:outreach_mailing_change", copy.pk)
        if action == "test":
            if not request.user.has_perm("outreach.send_mailing"):
                raise PermissionDenied
            if not request.user.email:
                self.message_user(request, "Your account has no email address to send the test to.", messages.ERROR)
                return redirect(change_url)
            services.mailing_send_test(mailing, to_email=request.user.email)
            self.message_user(
                request, f"Test queued for {request.user.email}: it arrives in a moment.", messages.SUCCESS
            )
            return redirect(change_url)
        if action not in SENDING_ACTIONS or not request.user.has_perm("outreach.send_mailing"):
            raise PermissionDenied
        service, success = SENDING_ACTIONS[action]
        try:
            service(mailing)
        except services.MailingStateError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, success, messages.SUCCESS)
        return redirect(change_url)


class DeliveryMailingFilter(admin.SimpleListFilter):
    title = "mailing"
    parameter_name = "mailing"

    def lookups(self, request, model_admin):
        return Mailing.objects.exclude(status=Mailing.Status.DRAFT).values_list("pk", "name")[:100]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isascii() and value.isdecimal():
            return queryset.filter(about_id=int(value))
        return queryset


@admin.register(Delivery)
class DeliveryAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    """The per-recipient log of mailings: their rows in the outbox, written by the workers only.
    Recipients' addresses are masked."""

    personal_data_fields = {"to_email": mask_email}

    list_display = ["to_email", "mailing", "language", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", DeliveryMailingFilter, "language"]
    search_fields = ["=to_email"]
    show_full_result_count = False
    fields = ["to_email", "mailing", "language", "status", "attempts", "due_at", "sent_at", "last_error", "created_at"]
    readonly_fields = fields

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        # One query for the names of the mailings on this page, not one per row.
        ids = {delivery.about_id for delivery in changelist.result_list}
        self.mailing_names = dict(Mailing.objects.filter(pk__in=ids).values_list("pk", "name"))
        return changelist

    @admin.display(description="mailing")
    def mailing(self, delivery):
        names = getattr(self, "mailing_names", None) or {}
        return names.get(delivery.about_id) or Mailing.objects.filter(pk=delivery.about_id).first()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RecurringMailing)
class RecurringMailingAdmin(admin.ModelAdmin):
    list_display = ["name", "template", "crontab", "is_active"]
    autocomplete_fields = ["template"]
    fields = ["name", "template", "crontab", "is_active"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.recurring_mailing_save_schedule(obj)
