import json

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV
from simple_history.admin import SimpleHistoryAdmin

from personal_data.admin import PersonalDataAdminMixin
from personal_data.masking import mask_email, mask_postcode
from personal_data.models import VIEW_PERSONAL_DATA, PersonalDataAccess
from personal_data.services import access_record

from . import imports, tasks
from .data_rights import person_erase, person_export
from .forms import ConsentRecordForm, PersonAdminForm, PersonImportForm
from .models import (
    Affiliation,
    ConsentChange,
    Legislature,
    Office,
    ParliamentaryRole,
    Party,
    Person,
    PersonImport,
    Tag,
)
from .resources import PersonResource
from .services import PersonMergeConflict, person_address_changed, person_merge, person_record_consent


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


class ConsentChangeInline(admin.TabularInline):
    """The consent record is evidence: it is appended by the app, never edited by hand."""

    model = ConsentChange
    fields = ["changed_at", "status", "source", "wording", "recorded_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj):
        return False


class IsParliamentarianFilter(admin.SimpleListFilter):
    title = gettext_lazy("parliamentarian")
    parameter_name = "parliamentarian"

    def lookups(self, request, model_admin):
        return [("current", _("Current")), ("former", _("Former only")), ("no", _("Not a parliamentarian"))]

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
class PersonAdmin(PersonalDataAdminMixin, ExportMixin, SimpleHistoryAdmin):
    personal_data_fields = {"email": mask_email, "postcode": mask_postcode}
    # Exports through django-import-export; imports through people/imports.py (in bulk, by a worker).
    resource_classes = [PersonResource]
    import_export_change_list_template = "admin/import_export/change_list_import_export.html"
    export_formats = [CSV]
    # With a byte-order mark, spreadsheets read the file as UTF-8 and show Persian names as written.
    to_encoding = "utf-8-sig"
    list_display = ["full_name", "description", "country", "email", "email_consent", "profile_is_public"]
    list_filter = [
        IsParliamentarianFilter,
        "parliamentary_roles__legislature",
        "parliamentary_roles__party",
        "email_consent",
        "profile_is_public",
        "language",
        "country",
        "tags",
    ]
    # Every part of the name as printed, so that "Lord Maginnis" and "Rt Hon David Jones MP" find
    # them (each word typed must be in one of the fields).
    search_fields = [
        "honorific",
        "given_name",
        "family_name",
        "territorial_designation",
        "post_nominals",
        "email",
        "description",
    ]
    autocomplete_fields = ["tags"]
    readonly_fields = ["email_consent", "email_consent_changed_at", "created_at", "updated_at"]
    form = PersonAdminForm
    fieldsets = [
        (
            gettext_lazy("Name"),
            {
                "fields": [
                    ("honorific", "given_name", "family_name"),
                    ("territorial_designation", "post_nominals", "salutation_title"),
                    "not_a_duplicate",
                ]
            },
        ),
        (gettext_lazy("About"), {"fields": ["description", "bio", "country", "profile_is_public", "tags"]}),
        (
            gettext_lazy("Contact"),
            {"fields": ["email", "postcode", "language", ("email_consent", "email_consent_changed_at")]},
        ),
        (gettext_lazy("Record"), {"fields": [("created_at", "updated_at")], "classes": ["collapse"]}),
    ]
    # Apps above `people` add their own inlines here (events adds a person's participations).
    inlines = [ParliamentaryRoleInline, OfficeInline, AffiliationInline, ConsentChangeInline]

    change_form_template = "admin/people/person/change_form.html"

    def save_model(self, request, obj, form, change):
        previous_email = Person.objects.filter(pk=obj.pk).values_list("email", flat=True).first() if change else None
        super().save_model(request, obj, form, change)
        if change and "email" in form.changed_data:
            person_address_changed(obj, previous_email=previous_email, recorded_by=request.user)

    def consent_view(self, request, pk):
        """Record a consent given or withdrawn by phone, letter, in person or on an event form."""
        person = get_object_or_404(Person, pk=pk)
        if not self.has_change_permission(request, person):
            raise PermissionDenied
        form = ConsentRecordForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            person_record_consent(
                person,
                status=form.cleaned_data["status"],
                source=form.source(),
                wording=form.cleaned_data["wording"].strip(),
                changed_at=form.changed_at(),
                recorded_by=request.user,
                always=True,
            )
            self.message_user(request, _("Recorded: %(consent)s.") % {"consent": person.get_email_consent_display()})
            return redirect("admin:people_person_change", person.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": person,
            "title": _("Record consent for %(name)s") % {"name": person.full_name},
            "form": form,
        }
        return TemplateResponse(request, "admin/people/person/consent.html", context)

    def has_export_permission(self, request):
        # Exporting is seeing every supporter's address at once: it needs both permissions.
        return super().has_export_permission(request) and request.user.has_perm(VIEW_PERSONAL_DATA)

    def get_export_data(self, file_format, request, queryset, **kwargs):
        data = super().get_export_data(file_format, request, queryset, **kwargs)
        access_record(
            user=request.user,
            kind=PersonalDataAccess.Kind.EXPORT,
            model=Person,
            what=f"people ({file_format.get_title()})",
            rows=queryset.count(),
        )
        return data

    @admin.display(description=gettext_lazy("name"), ordering="family_name")
    def full_name(self, person):
        return person.full_name

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/export.json", wrap(self.export_view), name="people_person_export"),
            path("<int:pk>/consent/", wrap(self.consent_view), name="people_person_consent"),
            path("<int:pk>/erase/", wrap(self.erase_view), name="people_person_erase"),
            path("import/", wrap(self.import_view), name="people_person_import"),
            path("imports/<int:import_id>/", wrap(self.import_status_view), name="people_person_import_status"),
            path(
                "imports/<int:import_id>/progress.json",
                wrap(self.import_progress_view),
                name="people_person_import_progress",
            ),
            path("imports/<int:import_id>/apply/", wrap(self.import_apply_view), name="people_person_import_apply"),
            path(
                "imports/<int:import_id>/errors.csv", wrap(self.import_errors_view), name="people_person_import_errors"
            ),
            path("<int:pk>/merge/<int:into>/", wrap(self.merge_view), name="people_person_merge"),
        ] + super().get_urls()

    # Imports. Only holders of people.import_person reach them, and each sees only their own
    # imports (superusers see all): a file of supporters is not for every colleague to read.

    def has_import_permission(self, request):
        return request.user.has_perm("people.import_person")

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "has_import_permission": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context)

    def get_import(self, request, import_id):
        if not self.has_import_permission(request):
            raise PermissionDenied
        imports_seen = PersonImport.objects.all()
        if not request.user.is_superuser:
            imports_seen = imports_seen.filter(created_by=request.user)
        return get_object_or_404(imports_seen.defer("content"), pk=import_id)

    def import_context(self, request, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            **extra,
        }

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = PersonImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["import_file"]
            with transaction.atomic():
                person_import = imports.person_import_create(
                    file_name=upload.name,
                    content=upload.read(),
                    unknown_tags=form.cleaned_data["unknown_tags"],
                    created_by=request.user,
                    language=request.LANGUAGE_CODE,
                )
                transaction.on_commit(lambda: tasks.check_import.delay(person_import.pk))
            return redirect("admin:people_person_import_status", person_import.pk)
        recent = PersonImport.objects.defer("content", "error_rows")
        if not request.user.is_superuser:
            recent = recent.filter(created_by=request.user)
        context = self.import_context(
            request, _("Import people"), form=form, recent=recent[:10], keep_hours=settings.PEOPLE_IMPORT_KEEP_HOURS
        )
        return TemplateResponse(request, "admin/people/person/import.html", context)

    def import_progress(self, person_import):
        return {
            "status": person_import.status,
            "status_display": person_import.status_label(),
            "rows_done": person_import.rows_done,
            "total_rows": person_import.total_rows,
            "percent_done": person_import.percent_done,
            "working": person_import.is_working,
        }

    def import_status_view(self, request, import_id):
        person_import = self.get_import(request, import_id)
        context = self.import_context(
            request,
            _("Import of %(file)s") % {"file": person_import.file_name},
            person_import=person_import,
            progress=self.import_progress(person_import),
            keep_hours=settings.PEOPLE_IMPORT_KEEP_HOURS,
            error_preview=person_import.error_rows[:20],
        )
        return TemplateResponse(request, "admin/people/person/import_status.html", context)

    def import_progress_view(self, request, import_id):
        return JsonResponse(self.import_progress(self.get_import(request, import_id)))

    def import_apply_view(self, request, import_id):
        person_import = self.get_import(request, import_id)
        if request.method != "POST":
            return redirect("admin:people_person_import_status", person_import.pk)
        with transaction.atomic():
            if imports.person_import_confirm(import_id=person_import.pk):
                transaction.on_commit(lambda: tasks.apply_import.delay(person_import.pk))
            else:
                self.message_user(request, _("This import cannot be applied now."), messages.WARNING)
        return redirect("admin:people_person_import_status", person_import.pk)

    def import_errors_view(self, request, import_id):
        person_import = self.get_import(request, import_id)
        access_record(
            user=request.user,
            kind=PersonalDataAccess.Kind.EXPORT,
            model=PersonImport,
            object_id=person_import.pk,
            what=f"rows with errors of the import {person_import.file_name}",
            rows=len(person_import.error_rows),
        )
        response = HttpResponse(imports.error_rows_csv(person_import), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="import-{person_import.pk}-errors.csv"'
        return response

    def export_view(self, request, pk):
        """Everything held about a person, as a file: only superusers export personal data."""
        if not request.user.is_superuser:
            raise PermissionDenied
        person = get_object_or_404(Person, pk=pk)
        access_record(
            user=request.user,
            kind=PersonalDataAccess.Kind.EXPORT,
            model=person,
            object_id=person.pk,
            what="everything held about this person (JSON)",
        )
        response = HttpResponse(
            json.dumps(person_export(person), indent=2, ensure_ascii=False), content_type="application/json"
        )
        response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.json"'
        return response

    def merge_view(self, request, pk, into):
        """Merge person `pk` into person `into` (people/services.py: person_merge), after a page that
        says what will happen. Needs the right to change and to delete people."""
        if not (request.user.has_perm("people.change_person") and request.user.has_perm("people.delete_person")):
            raise PermissionDenied
        duplicate, keep = get_object_or_404(Person, pk=pk), get_object_or_404(Person, pk=into)
        if duplicate.pk == keep.pk:
            return redirect("admin:people_person_change", keep.pk)
        if request.method == "POST":
            name = duplicate.full_name
            try:
                person_merge(keep=keep, duplicate=duplicate)
            except PersonMergeConflict as conflict:
                self.message_user(
                    request,
                    _("Not merged: both records hold the same %(link)s. Remove one of the two, then merge.")
                    % {"link": conflict},
                    messages.ERROR,
                )
                return redirect("admin:people_person_change", duplicate.pk)
            self.message_user(
                request,
                _("%(name)s has been merged into %(kept)s.") % {"name": name, "kept": keep.full_name},
                messages.SUCCESS,
            )
            return redirect("admin:people_person_change", keep.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Merge %(name)s into %(kept)s?") % {"name": duplicate.full_name, "kept": keep.full_name},
            "person": duplicate,
            "keep": keep,
        }
        return TemplateResponse(request, "admin/people/person/merge.html", context)

    def erase_view(self, request, pk):
        if not request.user.is_superuser:
            raise PermissionDenied
        person = get_object_or_404(Person, pk=pk)
        if request.method == "POST":
            name = person.full_name
            kept = person_erase(person)
            self.message_user(request, _("%(name)s has been erased.") % {"name": name}, messages.SUCCESS)
            if kept:
                return redirect("admin:people_person_change", kept.pk)
            return redirect("admin:people_person_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Erase %(name)s?") % {"name": person.full_name},
            "person": person,
            "signatures": person.signatures.count(),
            "participations": person.participations.count(),
        }
        return TemplateResponse(request, "admin/people/person/erase.html", context)


@admin.register(ParliamentaryRole)
class ParliamentaryRoleAdmin(admin.ModelAdmin):
    list_display = ["person", "legislature", "party", "constituency", "is_current"]
    list_filter = ["is_current", "legislature", "party"]
    list_select_related = ["person", "legislature", "party"]
    search_fields = ["person__given_name", "person__family_name", "constituency"]
    autocomplete_fields = ["person", "legislature", "party"]
