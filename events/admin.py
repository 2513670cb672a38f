from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from campaign.translated_admin import (
    TranslatedAdmin,
    TranslatedStackedInline,
    side_by_side,
    translated_search,
)
from people.admin import PersonAdmin
from recommendations.models import Recommendation

from .forms import EventAdminForm, StatementForm, StatementFormSet
from .models import Event, Participant, Statement


class ParticipationInline(admin.TabularInline):
    """On a person's page, read-only: what events they took part in, edited from the event's page."""

    model = Participant
    fields = ["event", "role", "spoke_as"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj):
        return False


# `people` does not know about events; events shows a person's participations on their page.
PersonAdmin.inlines = [*PersonAdmin.inlines, ParticipationInline]


class ParticipantInline(TranslatedStackedInline):
    """A person, an organisation, or a witness whose name is withheld (no person, no organisation,
    and a description): see events.models.Participant."""

    model = Participant
    extra = 1
    autocomplete_fields = ["person", "organisation"]
    fields = [
        ("order", "role"),
        ("person", "organisation"),
        side_by_side("withheld_as"),
        side_by_side("spoke_as"),
        side_by_side("name_as_printed"),
        side_by_side("credentials_as_printed"),
    ]


class ParticipantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, participant):
        return f"{participant.who} ({participant.get_role_display().lower()})"


class StatementInline(TranslatedStackedInline):
    model = Statement
    form = StatementForm
    formset = StatementFormSet
    extra = 1
    fields = [
        ("order", "participant", "said_by", "language"),
        side_by_side("context"),
        "text",
        side_by_side("translation"),
        side_by_side("said_where"),
        ("said_on", "source_url"),
    ]

    def get_formset(self, request, obj=None, **kwargs):
        # Quotes can only be attributed to this event's participants.
        self.parent_event = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "participant":
            event = getattr(self, "parent_event", None)
            queryset = Participant.objects.select_related("person", "organisation")
            kwargs["queryset"] = queryset.filter(event=event) if event else queryset.none()
            kwargs["form_class"] = ParticipantChoiceField
            kwargs["required"] = False  # or "said by", for a participant added on the same form
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def _recommendation_made_at_label(link):
    return f"{link.recommendation} ({link.event})"


# The inline below edits the table Django makes for Recommendation.made_at, whose rows would be
# labelled "Recommendation_made_at object (10)": give them a label a reader understands.
Recommendation.made_at.through.__str__ = _recommendation_made_at_label


class RecommendationInline(admin.TabularInline):
    model = Recommendation.made_at.through
    verbose_name = _("recommendation made here")
    verbose_name_plural = _("recommendations made here")
    autocomplete_fields = ["recommendation"]
    extra = 0


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin, TranslatedAdmin):
    form = EventAdminForm
    list_display = ["title", "kind", "starts_at", "format", "organiser", "status", "campaign"]
    list_filter = ["status", "kind", "format", "campaign", "organiser"]
    list_select_related = ["organiser", "campaign"]
    search_fields = [*translated_search("title", "summary"), "participants__person__family_name"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["campaign", "organiser"]
    fieldsets = [
        (None, {"fields": ["campaign", "kind", side_by_side("title"), "slug", side_by_side("headline"), "status"]}),
        (
            _("When and where"),
            {
                "fields": [
                    ("start_date", "time_zone"),
                    "time_shown",
                    "start_time",
                    "ends_at",
                    "format",
                    "venue",
                    "online_url",
                ]
            },
        ),
        (_("Account"), {"fields": ["organiser", side_by_side("summary"), side_by_side("body")]}),
    ]
    inlines = [ParticipantInline, StatementInline, RecommendationInline]

    def save_related(self, request, form, formsets, change):
        # Quotes said by a participant added on the same form (StatementFormSet matched them): the
        # participants are saved first (the inlines' order), then the quotes with them.
        participants = next((formset for formset in formsets if formset.model is Participant), None)
        for formset in formsets:
            if formset.model is Statement and participants is not None:
                for statement_form in formset.forms:
                    index = getattr(statement_form, "said_by_index", None)
                    if index is not None:
                        statement_form.instance.participant = participants.forms[index].instance
        super().save_related(request, form, formsets, change)


@admin.register(Participant)
class ParticipantAdmin(SimpleHistoryAdmin, TranslatedAdmin):
    """Lets staff find everyone who chaired or spoke, across events."""

    list_display = ["who", "role", "spoke_as", "event"]
    list_filter = ["role", "event"]
    list_select_related = ["person", "organisation", "event"]
    search_fields = [
        "person__given_name",
        "person__family_name",
        "organisation__name",
        *translated_search("spoke_as", "withheld_as"),
        "event__title",
    ]
    autocomplete_fields = ["person", "organisation", "event"]

    @admin.display(description=_("participant"), ordering="person__family_name")
    def who(self, participant):
        return participant.who


@admin.register(Statement)
class StatementAdmin(SimpleHistoryAdmin, TranslatedAdmin):
    list_display = ["short_text", "language", "participant", "event"]
    list_filter = ["event", "language"]
    list_select_related = ["participant__person", "participant__organisation", "participant__event", "event"]
    search_fields = ["text", *translated_search("translation"), "participant__person__family_name"]
    autocomplete_fields = ["participant", "event"]

    @admin.display(description=_("statement"))
    def short_text(self, statement):
        return statement.text[:100]
