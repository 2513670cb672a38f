from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from events.models import Participant

from .models import (
    Affiliation,
    ConsentChange,
    Legislature,
    Office,
    ParliamentaryRole,
    Party,
    Person,
    Tag,
)


@admin.register(Legislature)
class LegislatureAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "member_title"]
    list_filter = ["kind", "country"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "country"]
    list_filter = ["country"]
    search_fields = ["name", "short_name"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["name"]


class ParliamentaryRoleInline(admin.TabularInline):
    model = ParliamentaryRole
    extra = 0
    autocomplete_fields = ["legislature", "party"]


class OfficeInline(admin.TabularInline):
    model = Office
    extra = 0
    autocomplete_fields = ["organisation", "legislature"]


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0
    autocomplete_fields = ["organisation"]


class ParticipationInline(admin.TabularInline):
    """Read-only: what events this person took part in, edited from the event's page."""

    model = Participant
    fields = ["event", "role", "spoke_as"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj):
        return False


class ConsentChangeInline(admin.TabularInline):
    """The consent record is evidence: it is appended by the app, never edited by hand."""

    model = ConsentChange
    fields = ["changed_at", "status", "source", "wording"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj):
        return False


class IsParliamentarianFilter(admin.SimpleListFilter):
    title = "parliamentarian"
    parameter_name = "parliamentarian"

    def lookups(self, request, model_admin):
        return [("current", "Current"), ("former", "Former only"), ("no", "Not a parliamentarian")]

    def queryset(self, request, queryset):
        if self.value() == "current":
            return queryset.parliamentarians(current=True)
        if self.value() == "former":
            return queryset.parliamentarians(current=False).exclude(
                pk__in=queryset.parliamentarians(current=True).values("pk")
            )
        if self.value() == "no":
            return queryset.exclude(pk__in=queryset.parliamentarians().values("pk"))
        return queryset


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "description", "country", "email", "email_consent", "profile_is_public"]
    list_filter = [
        IsParliamentarianFilter,
        "parliamentary_roles__legislature",
        "parliamentary_roles__party",
        "email_consent",
        "profile_is_public",
        "country",
        "tags",
    ]
    search_fields = ["given_name", "family_name", "email", "description", "territorial_designation"]
    autocomplete_fields = ["tags"]
    readonly_fields = ["email_consent", "email_consent_changed_at", "created_at", "updated_at"]
    fieldsets = [
        (
            "Name",
            {
                "fields": [
                    ("honorific", "given_name", "family_name"),
                    ("territorial_designation", "post_nominals", "salutation_title"),
                ]
            },
        ),
        ("About", {"fields": ["description", "bio", "country", "profile_is_public", "tags"]}),
        ("Contact", {"fields": ["email", "postcode", ("email_consent", "email_consent_changed_at")]}),
        ("Record", {"fields": [("created_at", "updated_at")], "classes": ["collapse"]}),
    ]
    inlines = [ParliamentaryRoleInline, OfficeInline, AffiliationInline, ParticipationInline, ConsentChangeInline]

    @admin.display(description="name", ordering="family_name")
    def full_name(self, person):
        return person.full_name


@admin.register(ParliamentaryRole)
class ParliamentaryRoleAdmin(admin.ModelAdmin):
    list_display = ["person", "legislature", "party", "constituency", "is_current"]
    list_filter = ["is_current", "legislature", "party"]
    list_select_related = ["person", "legislature", "party"]
    search_fields = ["person__given_name", "person__family_name", "constituency"]
    autocomplete_fields = ["person", "legislature", "party"]
