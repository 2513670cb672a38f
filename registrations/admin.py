"""Registrations in the admin: each event's registration with its counts, the guest list, its
exports for the security desk, and the check-in page for the door.

Who sees what. Counts are for every member of staff who may see registrations. Names are
personal data: the guest list, its CSV and PDF, and the check-in page need the personal-data
permission (and so a second factor); check-in needs "Can check registrants in" as well. Every view
and every export is a row in the personal-data access log.
"""

from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from campaign.templatetags.languages import number
from events.admin import EventAdmin
from personal_data.models import PersonalDataAccess
from personal_data.services import access_record, can_view_personal_data

from . import services
from .exports import guest_list_csv_response, guest_list_pdf_response, guests
from .forms import WalkInForm
from .models import EventRegistration, Registrant

CHECK_IN_PERMISSION = "registrations.check_in_registrant"
Status = Registrant.Status


def registration_links(registration, user):
    """Links to what staff do with a registration, as far as `user` may."""
    if registration is None or registration.pk is None:
        return _("Save to see the registration's counts, guest list and check-in.")
    links = [(reverse("admin:registrations_eventregistration_change", args=[registration.pk]), _("Registration"))]
    if can_view_personal_data(user):
        links.append((reverse("admin:registrations_guest_list", args=[registration.pk]), _("Guest list")))
        if user.has_perm(CHECK_IN_PERMISSION):
            links.append((reverse("admin:registrations_check_in", args=[registration.pk]), _("Check-in")))
    return format_html(" · ".join(['<a href="{}">{}</a>'] * len(links)), *[part for link in links for part in link])


def registration_tools(registration, user):
    """[(url, label)] for the buttons on a registration's page."""
    if registration is None:
        return []
    tools = []
    if can_view_personal_data(user):
        tools.append((reverse("admin:registrations_guest_list", args=[registration.pk]), _("Guest list")))
        tools.append((reverse("admin:registrations_guest_list_csv", args=[registration.pk]), _("Guest list (CSV)")))
        tools.append((reverse("admin:registrations_guest_list_pdf", args=[registration.pk]), _("Guest list (PDF)")))
        if user.has_perm(CHECK_IN_PERMISSION):
            tools.append((reverse("admin:registrations_check_in", args=[registration.pk]), _("Check-in")))
    if user.has_perm("outreach.add_audience"):
        query = urlencode(
            {
                "kind": "registrants",
                "registered_for": registration.event_id,
                "name": _("Registrants: %(title)s") % {"title": registration.event.title[:150]},
            }
        )
        tools.append((reverse("admin:outreach_audience_add") + "?" + query, _("Message registrants")))
    return tools


class EventRegistrationInline(admin.StackedInline):
    """On an event's page: whether it takes registrations, and links to the rest."""

    model = EventRegistration
    extra = 0
    max_num = 1
    can_delete = False
    verbose_name = gettext_lazy("registration")
    verbose_name_plural = gettext_lazy("registration")
    fields = [
        "links",
        ("is_open", "capacity", "closes_at"),
        ("asks_name_on_id", "asks_organisation", "asks_accessibility"),
        ("join_url", "join_link_minutes_before"),
        "recording_url",
    ]
    readonly_fields = ["links"]

    @admin.display(description=gettext_lazy("see"))
    def links(self, registration):
        return registration_links(registration, self.request_user)

    def get_formset(self, request, obj=None, **kwargs):
        self.request_user = request.user
        return super().get_formset(request, obj, **kwargs)


# `events` does not know about registrations; registrations adds itself to the event's page.
EventAdmin.inlines = [*EventAdmin.inlines, EventRegistrationInline]


def counted(queryset):
    registrants = "event__registrants"
    return queryset.annotate(
        registered_count=Count(registrants, filter=~Q(event__registrants__status=Status.CANCELLED)),
        confirmed_count=Count(registrants, filter=Q(event__registrants__status=Status.CONFIRMED)),
        waiting_count=Count(registrants, filter=Q(event__registrants__status=Status.WAITING)),
        attended_count=Count(registrants, filter=Q(event__registrants__attended_at__isnull=False)),
    )


@admin.register(EventRegistration)
class EventRegistrationAdmin(SimpleHistoryAdmin):
    list_display = [
        "event",
        "starts_at",
        "is_open",
        "capacity",
        "registered",
        "confirmed",
        "waiting",
        "attended",
    ]
    list_filter = ["is_open", "event__format"]
    list_select_related = ["event"]
    search_fields = ["event__title"]
    autocomplete_fields = ["event"]
    actions = ["open_registration", "close_registration", "resend_join_link", "send_follow_up"]
    change_form_template = "admin/registrations/eventregistration/change_form.html"
    fieldsets = [
        (None, {"fields": ["event", "counts"]}),
        (gettext_lazy("Registration"), {"fields": [("is_open", "capacity", "closes_at")]}),
        (
            gettext_lazy("What registrants are asked"),
            {"fields": ["asks_name_on_id", "asks_organisation", "asks_accessibility"]},
        ),
        (
            gettext_lazy("Online"),
            {"fields": ["join_url", "join_link_minutes_before", "recording_url", "follow_up_sent_at"]},
        ),
    ]
    readonly_fields = ["counts", "follow_up_sent_at"]

    def get_queryset(self, request):
        return counted(super().get_queryset(request))

    def get_readonly_fields(self, request, obj=None):
        # The event of a registration stays its event: its registrants belong to it.
        return [*self.readonly_fields, "event"] if obj else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.event.registrants.exists():
            return False  # close it instead: deleting would orphan its registrants' mail and list
        return super().has_delete_permission(request, obj)

    @admin.display(description=gettext_lazy("starts"), ordering="event__starts_at")
    def starts_at(self, registration):
        return registration.event.starts_at

    @admin.display(description=gettext_lazy("registered"), ordering="registered_count")
    def registered(self, registration):
        return registration.registered_count

    @admin.display(description=gettext_lazy("confirmed"), ordering="confirmed_count")
    def confirmed(self, registration):
        return registration.confirmed_count

    @admin.display(description=gettext_lazy("waiting"), ordering="waiting_count")
    def waiting(self, registration):
        return registration.waiting_count

    @admin.display(description=gettext_lazy("attended"), ordering="attended_count")
    def attended(self, registration):
        return registration.attended_count

    @admin.display(description=gettext_lazy("counts"))
    def counts(self, registration):
        if registration.pk is None:
            return "—"
        counts = services.registration_counts([registration.event_id])[registration.event_id]
        return _(
            "%(registered)s registered (%(pending)s not yet confirmed), %(confirmed)s confirmed, "
            "%(waiting)s waiting, %(attended)s arrived, %(cancelled)s cancelled"
        ) % {**counts, "pending": counts["registered"] - counts["confirmed"] - counts["waiting"]}

    def get_list_display(self, request):
        # Links as far as this user may follow them (a function per request: the admin is shared).
        def see(registration):
            return registration_links(registration, request.user)

        see.short_description = _("see")
        return [*super().get_list_display(request), see]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        registration = self.get_object(request, object_id) if object_id else None
        extra_context = {**(extra_context or {}), "links": registration_tools(registration, request.user)}
        return super().changeform_view(request, object_id, form_url, extra_context)

    # Actions

    @admin.action(description=gettext_lazy("Open registration for the selected events"), permissions=["change"])
    def open_registration(self, request, queryset):
        for registration in queryset:
            registration.is_open = True
            registration.save(update_fields=["is_open", "updated_at"])
        self.message_user(request, _("Registration is open for %(count)s event(s).") % {"count": len(queryset)})

    @admin.action(description=gettext_lazy("Close registration for the selected events"), permissions=["change"])
    def close_registration(self, request, queryset):
        for registration in queryset:
            registration.is_open = False
            registration.save(update_fields=["is_open", "updated_at"])
        self.message_user(request, _("Registration is closed for %(count)s event(s).") % {"count": len(queryset)})

    @admin.action(
        description=gettext_lazy("Send the join link again to every confirmed registrant"), permissions=["change"]
    )
    def resend_join_link(self, request, queryset):
        for registration in queryset:
            sent = services.event_registration_resend_join_link(event_id=registration.event_id)
            if sent:
                self.message_user(
                    request,
                    _("The join link of “%(title)s” goes again to %(count)s registrant(s).")
                    % {"title": registration.event.title, "count": sent},
                )
            else:
                self.message_user(
                    request,
                    _(
                        "Nothing sent for “%(title)s”: it needs a join link, and its time to go out (before it, "
                        "the planned mail sends the link as it is then; after the event, nothing)."
                    )
                    % {"title": registration.event.title},
                    messages.WARNING,
                )

    @admin.action(description=gettext_lazy("Send the follow-up (thanks, account, recording)"), permissions=["change"])
    def send_follow_up(self, request, queryset):
        for registration in queryset:
            sent = services.event_registration_send_follow_up(event_id=registration.event_id)
            if sent:
                self.message_user(
                    request,
                    _("The follow-up of “%(title)s” goes to %(count)s registrant(s).")
                    % {"title": registration.event.title, "count": sent},
                )
            else:
                self.message_user(
                    request,
                    _("Nothing sent for “%(title)s”: the event has not started, or its follow-up was sent already.")
                    % {"title": registration.event.title},
                    messages.WARNING,
                )

    # The guest list, its exports and check-in

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/guest-list/", wrap(self.guest_list_view), name="registrations_guest_list"),
            path("<int:pk>/guest-list.csv", wrap(self.guest_list_csv), name="registrations_guest_list_csv"),
            path("<int:pk>/guest-list.pdf", wrap(self.guest_list_pdf), name="registrations_guest_list_pdf"),
            path(
                "<int:pk>/cancel/<uuid:public_id>/",
                wrap(require_POST(self.cancel_registrant)),
                name="registrations_cancel_registrant",
            ),
            path("<int:pk>/check-in/", wrap(self.check_in_view), name="registrations_check_in"),
            path("<int:pk>/check-in/walk-in/", wrap(require_POST(self.walk_in_view)), name="registrations_walk_in"),
        ] + super().get_urls()

    def registration_for_names(self, request, pk, *, check_in=False):
        """The registration whose names `request`'s user asks to see, or PermissionDenied."""
        registration = get_object_or_404(EventRegistration.objects.select_related("event"), pk=pk)
        allowed = self.has_view_permission(request, registration) and can_view_personal_data(request.user)
        if check_in:
            allowed = allowed and request.user.has_perm(CHECK_IN_PERMISSION)
        if not allowed:
            raise PermissionDenied
        return registration

    def guest_list_view(self, request, pk):
        registration = self.registration_for_names(request, pk)
        registrants = list(
            Registrant.objects.filter(event_id=registration.event_id)
            .exclude(status=Status.CANCELLED)
            .order_by("status", "waiting_since", "name", "id")
        )
        access_record(
            user=request.user,
            kind=PersonalDataAccess.Kind.REVEAL,
            model=registration,
            object_id=registration.pk,
            what="guest list (names, names as on ID, organisations, accessibility needs)",
            rows=len(registrants),
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "registration": registration,
            "title": _("Guest list: %(title)s") % {"title": registration.event.title},
            "confirmed": [r for r in registrants if r.status == Status.CONFIRMED],
            "waiting": [r for r in registrants if r.status == Status.WAITING],
            "pending": [r for r in registrants if r.status == Status.PENDING],
            "counts": services.registration_counts([registration.event_id])[registration.event_id],
            "can_cancel": self.has_change_permission(request, registration),
            "can_check_in": request.user.has_perm(CHECK_IN_PERMISSION),
        }
        return TemplateResponse(request, "admin/registrations/guest_list.html", context)

    def guest_list_export(self, request, pk, *, what, response):
        registration = self.registration_for_names(request, pk)
        rows = guests(registration)
        access_record(
            user=request.user,
            kind=PersonalDataAccess.Kind.EXPORT,
            model=registration,
            object_id=registration.pk,
            what=what,
            rows=len(rows),
        )
        return response(registration, rows)

    def guest_list_csv(self, request, pk):
        return self.guest_list_export(
            request, pk, what="guest list for the security desk (CSV)", response=guest_list_csv_response
        )

    def guest_list_pdf(self, request, pk):
        return self.guest_list_export(
            request, pk, what="guest list for the security desk (PDF)", response=guest_list_pdf_response
        )

    def cancel_registrant(self, request, pk, public_id):
        registration = self.registration_for_names(request, pk)
        if not self.has_change_permission(request, registration):
            raise PermissionDenied
        registrant = get_object_or_404(Registrant, event_id=registration.event_id, public_id=public_id)
        if services.registrant_cancel(registrant_id=registrant.pk):
            self.message_user(request, _("The registration is cancelled; a freed place went to the first waiting."))
        return redirect("admin:registrations_guest_list", registration.pk)

    def check_in_view(self, request, pk):
        """The door's page, made for a phone: search by name, tick who arrives, add walk-ins. Ticks
        are POSTs (answered in JSON when the page's script sends them, else by going back to the list)."""
        registration = self.registration_for_names(request, pk, check_in=True)
        if request.method == "POST":
            return self.check_in_tick(request, registration)
        query = " ".join(request.GET.get("q", "").split())[:100]
        registrants = Registrant.objects.filter(
            event_id=registration.event_id, status__in=[Status.CONFIRMED, Status.WAITING]
        ).order_by("name", "id")
        if query:
            registrants = registrants.filter(
                Q(name__icontains=query) | Q(name_on_id__icontains=query) | Q(organisation__icontains=query)
            )
        registrants = list(registrants)
        access_record(
            user=request.user,
            kind=PersonalDataAccess.Kind.REVEAL,
            model=registration,
            object_id=registration.pk,
            what="check-in list (names, names as on ID, organisations)",
            rows=len(registrants),
        )
        context = {
            "registration": registration,
            "event": registration.event,
            "registrants": registrants,
            "query": query,
            "counts": services.registration_counts([registration.event_id])[registration.event_id],
            "walk_in_form": WalkInForm(),
        }
        return TemplateResponse(request, "registrations/check_in.html", context)

    def check_in_tick(self, request, registration):
        registrant = Registrant.objects.filter(
            event_id=registration.event_id, public_id=parse_uuid(request.POST.get("registrant", ""))
        ).first()
        arrived = request.POST.get("arrived") == "1"
        done = registrant and services.registrant_check_in(registrant_id=registrant.pk, arrived=arrived)
        if request.headers.get("X-Requested-With") == "fetch":
            counts = services.registration_counts([registration.event_id])[registration.event_id]
            if not done:
                return JsonResponse({"error": _("This registrant is not on the list.")}, status=404)
            shown = {name: number(value) for name, value in counts.items()}  # Persian digits on /fa/ pages
            return JsonResponse({"arrived": bool(done.attended_at), "counts": counts, "shown_counts": shown})
        if not done:
            self.message_user(request, _("This registrant is not on the list."), messages.ERROR)
        url = reverse("admin:registrations_check_in", args=[registration.pk])
        query = request.POST.get("q", "")
        return redirect(f"{url}?{urlencode({'q': query})}" if query else url)

    def walk_in_view(self, request, pk):
        registration = self.registration_for_names(request, pk, check_in=True)
        form = WalkInForm(request.POST)
        url = reverse("admin:registrations_check_in", args=[registration.pk])
        if not form.is_valid():
            errors = " ".join(error for errors in form.errors.values() for error in errors)
            self.message_user(request, errors, messages.ERROR)
            return redirect(url)
        services.registrant_add_walk_in(
            event_id=registration.event_id,
            name=form.cleaned_data["name"],
            organisation=form.cleaned_data["organisation"],
        )
        self.message_user(request, _("%(name)s is on the list, as arrived.") % {"name": form.cleaned_data["name"]})
        return redirect(url)


def parse_uuid(value):
    try:
        return forms.UUIDField().clean(value)
    except forms.ValidationError:
        return None
