from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from campaign.translated_admin import TranslatedAdmin, TranslatedStackedInline, side_by_side, translated_search
from people.models import Legislature, ParliamentaryRole, Party

from .models import Backing
from .services import seat_on

BACKING_FIELDS = [
    "person",
    ("how", "backed_on"),
    ("motion", "event"),
    "source_url",
    side_by_side("source_description"),
    "source_document",
    ("has_withdrawn", "withdrawn_on"),
    "note",
]


class BackingInline(TranslatedStackedInline):
    """The parliamentarians behind an ask, on the ask's own page in the admin."""

    model = Backing
    extra = 0
    autocomplete_fields = ["person", "motion", "event"]
    fields = BACKING_FIELDS
    classes = ["collapse"]


class SeatOnBackingFilter(admin.SimpleListFilter):
    """Filters by a seat's house or party as on the day of backing (a role held then, by the rule of
    `HeldForAPeriod.held_on`; undated backing: a current role), the reading the public page makes,
    so that a defector is found where they sat when they backed."""

    related_field = ""

    def lookups(self, request, model_admin):
        raise NotImplementedError

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        day = OuterRef("backed_on")
        started = Q(started_on__isnull=True) | Q(started_on__lte=day)
        not_ended = Q(ended_on__gte=day) | Q(ended_on__isnull=True, is_current=True)
        held_then = ParliamentaryRole.objects.filter(person=OuterRef("person"), **{self.related_field: self.value()})
        dated = Q(backed_on__isnull=False) & Exists(held_then.filter(started & not_ended))
        undated = Q(backed_on__isnull=True) & Exists(held_then.filter(is_current=True))
        return queryset.filter(dated | undated)


class HouseFilter(SeatOnBackingFilter):
    title = _("house")
    parameter_name = "house"
    related_field = "legislature_id"

    def lookups(self, request, model_admin):
        return [(str(house.pk), house.name) for house in Legislature.objects.filter(roles__isnull=False).distinct()]


class PartyFilter(SeatOnBackingFilter):
    title = _("party")
    parameter_name = "party"
    related_field = "party_id"

    def lookups(self, request, model_admin):
        return [(str(party.pk), party.name) for party in Party.objects.filter(roles__isnull=False).distinct()]


@admin.register(Backing)
class BackingAdmin(SimpleHistoryAdmin, TranslatedAdmin):
    list_display = ["person", "recommendation", "how", "backed_on", "seat_then", "has_withdrawn"]
    list_filter = ["how", HouseFilter, PartyFilter, "has_withdrawn", "recommendation"]
    list_select_related = ["person", "recommendation"]
    search_fields = ["person__given_name", "person__family_name", *translated_search("recommendation__title")]
    autocomplete_fields = ["person", "recommendation", "motion", "event"]
    date_hierarchy = "backed_on"
    fields = ["recommendation", *BACKING_FIELDS]

    def get_urls(self):
        document = path(
            "document/<path:name>",
            self.admin_site.admin_view(self.document_view),
            name="backing_backing_document",
        )
        return [document, *super().get_urls()]

    def document_view(self, request, name):
        """A backing's source document, to staff who may see backing, and to no one else."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        backing = get_object_or_404(Backing, source_document=name)
        return FileResponse(backing.source_document.open("rb"), as_attachment=True)

    def get_queryset(self, request):
        roles = ParliamentaryRole.objects.select_related("legislature", "party")
        return super().get_queryset(request).prefetch_related(Prefetch("person__parliamentary_roles", queryset=roles))

    @admin.display(description=_("seat then"))
    def seat_then(self, backing):
        seat = seat_on(backing.person, backing.backed_on)
        return str(seat) if seat else "—"
