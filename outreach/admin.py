import json
import re
import zoneinfo

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from campaign.languages import language_name, site_language
from campaign.models import Organisation
from campaign.translated_admin import TranslatedAdmin, side_by_side, translated_search
from people.models import Person
from personal_data.admin import PersonalDataAdminMixin
from personal_data.masking import mask_email

from . import reports, services
from .audiences import SAMPLE_SIZE, Criteria, audience_reach
from .forms import TestMailForm
from .models import Audience, Delivery, Mailing, RecurringMailing
from .rendering import MailingRenderer

CONFIRM_TITLES = {
    "schedule": _("Schedule this mailing?"),
    "send_now": _("Send this mailing now?"),
    "cancel": _("Cancel this mailing?"),
    "test": _("Send a test"),
}


def reach_summary(reach):
    """The reach of an audience, with who is left out and why, as a block of the admin's HTML."""
    return render_to_string("admin/outreach/audience/reach.html", {"reach": reach})


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
    autocomplete_fields = [
        "signed_petitions",
        "took_part_in",
        "registered_for",
        "tags",
        "legislatures",
        "parties",
        "constituents_signed",
        "chosen_people",
    ]
    readonly_fields = ["reach", "reach_by_language"]
    change_form_template = "admin/outreach/audience/change_form.html"
    # The sections that apply to one kind of audience carry its name: the form shows only those
    # (static/outreach/audience-form.js), and its reach follows every change before saving.
    fieldsets = [
        (None, {"fields": ["name", "kind", "reach", "reach_by_language"]}),
        (_("Supporters"), {"fields": ["signed_petitions"], "classes": ["audience-kind-supporters"]}),
        (
            _("Parliamentarians"),
            {
                "fields": ["legislatures", "parties", "standing", "constituents_signed"],
                "classes": ["audience-kind-parliamentarians"],
            },
        ),
        (
            _("Registrants of events"),
            {"fields": ["registered_for", "attendance"], "classes": ["audience-kind-registrants"]},
        ),
        (_("Anyone"), {"fields": ["took_part_in", "tags", "countries", "chosen_people", "only_chosen_people"]}),
    ]

    @admin.display(description=_("who it reaches"))
    def reach(self, audience):
        criteria = Criteria.from_audience(audience) if audience and audience.pk else Criteria(kind="supporters")
        return mark_safe(f'<div id="audience-reach">{reach_summary(audience_reach(criteria))}</div>')  # noqa: S308  # nosec B308 B703 (rendered by the template engine, escaped there)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [path("reach/", wrap(self.reach_view), name="outreach_audience_reach")] + super().get_urls()

    def reach_view(self, request):
        """The reach of the criteria as the form stands, before saving (the form's script posts the
        form, with its CSRF token: a list of chosen people can be longer than an address allows)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        form_data = request.POST if request.method == "POST" else request.GET
        return HttpResponse(reach_summary(audience_reach(Criteria.from_form_data(form_data))))

    @admin.display(description=_("languages they read"))
    def reach_by_language(self, audience):
        return languages_summary(audience)


class MailingStatusFilter(admin.SimpleListFilter):
    title = gettext_lazy("stage")
    parameter_name = "stage"

    def lookups(self, request, model_admin):
        return [("active", _("Scheduled or sending")), ("attention", _("Paused"))]

    def queryset(self, request, queryset):
        if self.value() == "active":
            return queryset.filter(status__in=[Mailing.Status.SCHEDULED, Mailing.Status.SENDING])
        if self.value() == "attention":
            return queryset.filter(status=Mailing.Status.PAUSED)
        return queryset


# The buttons on a mailing's page that need the "send mailing" permission: service and message.
SENDING_ACTIONS = {
    "schedule": (services.mailing_schedule, _("Scheduled: it goes out at its send time.")),
    "send_now": (services.mailing_send_now, _("Sending now.")),
    "unschedule": (services.mailing_unschedule, _("Back to draft.")),
    "pause": (services.mailing_pause, _("Paused: no new message starts; those on their way finish.")),
    "resume": (services.mailing_resume, _("Resumed.")),
    "cancel": (services.mailing_cancel, _("Cancelled: nothing more will be sent.")),
}
# Actions that cannot be undone ask first, on a page that says what will happen (GET), then act (POST).
CONFIRMED_ACTIONS = {"schedule", "send_now", "cancel"}


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
            gettext_lazy("Message"),
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
        (gettext_lazy("Sender"), {"fields": [("from_name", "from_email"), "reply_to"]}),
        (
            gettext_lazy("Sending"),
            {"fields": ["send_at", ("status", "status_note"), ("started_at", "finished_at")]},
        ),
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

    @admin.display(description=gettext_lazy("sent"), ordering="sent_count")
    def sent(self, mailing):
        return mailing.sent_count

    @admin.display(description=gettext_lazy("failed"), ordering="failed_count")
    def failed(self, mailing):
        return mailing.failed_count

    @admin.display(description=gettext_lazy("pending"), ordering="pending_count")
    def pending(self, mailing):
        return mailing.pending_count

    @admin.display(description=_("who it reaches"))
    def audience_reach(self, mailing):
        if not mailing.audience_id:
            return _("Choose an audience and save to see who it reaches.")
        return mark_safe(reach_summary(mailing.audience.reach()))  # noqa: S308  # nosec B308 B703 (escaped by the template)

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
            path("<int:pk>/report/", wrap(self.report_view), name="outreach_mailing_report"),
            path("reports/", wrap(self.reports_view), name="outreach_mailing_reports"),
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
            extra_context["deliveries_url"] = reverse("admin:outreach_delivery_changelist") + f"?mailing={mailing.pk}"
        return super().change_view(request, object_id, form_url, extra_context)

    def report_view(self, request, pk):
        """One mailing's outcomes: sent, failed, bounced, unsubscribed from it, and when it went out."""
        mailing = get_object_or_404(Mailing, pk=pk)
        if not self.has_view_permission(request, mailing):
            raise PermissionDenied
        (outcome,) = reports.mailing_outcomes([mailing])
        if request.GET.get("format") == "csv":
            return reports.outcomes_csv_response([outcome], f"mailing-{mailing.pk}-outcomes.csv")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": mailing,
            "title": _("Report: %(name)s") % {"name": mailing.name},
            "outcome": outcome,
            "bars": reports.sent_by_hour(mailing),
        }
        return TemplateResponse(request, "admin/outreach/mailing/report.html", context)

    def reports_view(self, request):
        """Every mailing that went out, newest first, with its outcomes; by month; as CSV."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        mailings = Mailing.objects.exclude(started_at=None).order_by("-started_at")[:500]
        outcomes = reports.mailing_outcomes(mailings)
        if request.GET.get("format") == "csv":
            return reports.outcomes_csv_response(outcomes, "mailing-outcomes.csv")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Mailing reports"),
            "outcomes": outcomes,
            "months": reports.outcomes_over_time(outcomes),
        }
        return TemplateResponse(request, "admin/outreach/mailing/reports.html", context)

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
                request,
                _("There is no person number “%(number)s”: the preview is for another recipient.")
                % {"number": asked[:40]},
            )
        person = person or (sample[0] if sample else Person(given_name="Test", family_name="Recipient", pk=0))
        # What this recipient gets: their language's version, or the original with its note.
        with translation.override(site_language(person.language)):
            message = MailingRenderer(mailing).message(person, person.email or "test@example.org")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Preview: %(name)s") % {"name": mailing.name},
            "mailing": mailing,
            "recipient": person,
            "sample": sample,
            "message": message,
            "html": message.alternatives[0][0],
            "headers": json.dumps(dict(message.extra_headers), indent=2),
        }
        return TemplateResponse(request, "admin/outreach/mailing/preview.html", context)

    def action_view(self, request, pk, action):
        if request.method == "GET" and action in CONFIRMED_ACTIONS | {"test"}:
            return self.confirm_view(request, pk, action)
        return require_POST(self._action)(request, pk, action)

    def confirm_view(self, request, pk, action, note=""):
        """What scheduling, sending now, cancelling or a test will do, before it is done."""
        mailing = get_object_or_404(Mailing.objects.select_related("audience"), pk=pk)
        if not request.user.has_perm("outreach.send_mailing"):
            raise PermissionDenied
        zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": mailing,
            "action": action,
            "note": note,
            "title": CONFIRM_TITLES[action],
            "send_at": timezone.localtime(mailing.send_at, zone) if mailing.send_at else None,
            "time_zone": settings.TIME_ZONE,
            "progress": services.mailing_progress(mailing),
        }
        if action in ("schedule", "send_now", "test"):
            context["reach"] = mailing.audience.reach()
            context["versions"] = services.mailing_versions(mailing)
        if action == "test":
            context["form"] = TestMailForm(mailing=mailing, user=request.user)
        return TemplateResponse(request, "admin/outreach/mailing/confirm.html", context)

    def _action(self, request, pk, action):
        mailing = get_object_or_404(Mailing, pk=pk)
        change_url = reverse("admin:outreach_mailing_change", args=[pk])
        if action == "duplicate":
            if not self.has_add_permission(request):
                raise PermissionDenied
            copy = services.mailing_duplicate(mailing, created_by=request.user)
            self.message_user(request, _("Duplicated: this is the copy, a draft."), messages.SUCCESS)
            return redirect("admin:outreach_mailing_change", copy.pk)
        if action == "test":
            if not request.user.has_perm("outreach.send_mailing"):
                raise PermissionDenied
            form = TestMailForm(request.POST, mailing=mailing, user=request.user)
            if not form.is_valid():
                return self.confirm_view(request, pk, "test", note=" ".join(form.errors.get("__all__", [])))
            addresses = form.cleaned_data["addresses"]
            for address in addresses:
                services.mailing_send_test(mailing, to_email=address, person=form.recipient())
            self.message_user(
                request,
                _("Test queued for %(addresses)s: it arrives in a moment.") % {"addresses": ", ".join(addresses)},
                messages.SUCCESS,
            )
            return redirect(change_url)
        if action not in SENDING_ACTIONS or not request.user.has_perm("outreach.send_mailing"):
            raise PermissionDenied
        if action in ("schedule", "send_now"):
            # The count staff confirmed must still be the count: an audience that grew since is shown again.
            now_reaches = mailing.audience.reach().recipients
            if request.POST.get("confirm_recipients") != str(now_reaches):
                note = _("The audience changed since the page was shown: it now reaches %(count)s.") % {
                    "count": now_reaches
                }
                return self.confirm_view(request, pk, action, note=note)
        service, success = SENDING_ACTIONS[action]
        try:
            service(mailing)
        except services.MailingStateError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, success, messages.SUCCESS)
        return redirect(change_url)


class DeliveryMailingFilter(admin.SimpleListFilter):
    title = gettext_lazy("mailing")
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

    @admin.display(description=gettext_lazy("mailing"))
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
    """A schedule in words ("every Monday at 09:00"), never raw cron text; the system's own
    schedules are not offered here (they are for superusers, in the beat tables)."""

    list_display = ["name", "template", "schedule", "is_active"]
    autocomplete_fields = ["template"]
    fields = ["name", "template", "frequency", "weekday", "day_of_month", "time_of_day", "is_active"]

    @admin.display(description=_("when"))
    def schedule(self, recurring):
        return recurring.describe_schedule()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.recurring_mailing_save_schedule(obj)
