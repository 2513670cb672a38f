"""The admin's page for importing Parliament's data and backers, and the records it keeps.

Only holders of parliament_data.import_parliament_data reach the upload page and the reports: an
import writes people, seats, motions and backing at once. The import runs in the request (a file of
all 1,450 members takes a few seconds, in bulk), in one transaction, and ends on its report."""

import csv
import io

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from campaign.models import Campaign
from campaign.spreadsheets import BYTE_ORDER_MARK, neutralise

from .backers import backers_import
from .forms import ParliamentImportForm
from .models import IMPORT_PERMISSION, MemberRecord, MotionRecord, ParliamentImport
from .services import edm_signatures_import, members_import


@admin.register(MemberRecord)
class MemberRecordAdmin(admin.ModelAdmin):
    """Staff link a person to a member by hand when the import found two of that name."""

    list_display = ["name_as_listed", "parliament_id", "house", "person", "imported_at"]
    list_filter = ["house"]
    search_fields = ["name_as_listed", "person__family_name", "person__given_name", "=parliament_id"]
    raw_id_fields = ["person"]
    list_select_related = ["person"]


@admin.register(MotionRecord)
class MotionRecordAdmin(admin.ModelAdmin):
    list_display = ["parliament_id", "motion", "imported_at"]
    search_fields = ["=parliament_id", "motion__title", "motion__number"]
    raw_id_fields = ["motion"]
    list_select_related = ["motion"]


@admin.register(ParliamentImport)
class ParliamentImportAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "kind",
        "file_name",
        "imported_by",
        "succeeded",
        "created_count",
        "updated_count",
        "unchanged_count",
        "unmatched_count",
    ]
    list_filter = ["kind", "succeeded"]
    list_select_related = ["imported_by"]
    change_list_template = "admin/parliament_data/parliamentimport/change_list.html"

    def has_import_permission(self, request):
        return request.user.has_perm(IMPORT_PERMISSION)

    def has_module_permission(self, request):
        return self.has_import_permission(request) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self.has_import_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("upload/", wrap(self.upload_view), name="parliament_data_parliamentimport_upload"),
            path("<int:import_id>/rows.csv", wrap(self.rows_csv_view), name="parliament_data_parliamentimport_rows"),
        ] + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "has_import_permission": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context)

    def context(self, request, title, **extra):
        return {**self.admin_site.each_context(request), "opts": self.model._meta, "title": title, **extra}

    def upload_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        campaigns = Campaign.objects.all()[:2]
        initial = {"campaign": campaigns[0]} if len(campaigns) == 1 else {}
        form = ParliamentImportForm(request.POST or None, request.FILES or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            parliament_import = self.run_import(request, form.cleaned_data)
            if parliament_import is not None:
                return redirect("admin:parliament_data_parliamentimport_change", parliament_import.pk)
        return TemplateResponse(
            request,
            "admin/parliament_data/parliamentimport/upload.html",
            self.context(request, _("Import Parliament's data"), form=form),
        )

    def run_import(self, request, data):
        upload = data["import_file"]
        content, name, user = upload.read(), upload.name, request.user
        try:
            if data["kind"] == ParliamentImport.Kind.MEMBERS:
                return members_import(content=content, file_name=name, as_of=data["as_of"], imported_by=user)
            if data["kind"] == ParliamentImport.Kind.EDM_SIGNATURES:
                return edm_signatures_import(
                    content=content,
                    campaign=data["campaign"],
                    session=data["session"],
                    file_name=name,
                    imported_by=user,
                )
            return backers_import(content=content, file_name=name, imported_by=user)
        except DatabaseError as error:
            # The transaction was rolled back: nothing of the file was written.
            messages.error(
                request,
                _("The import failed and nothing was imported: %(error)s") % {"error": type(error).__name__},
            )
            return None

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The report of one import: its counts, then every row and what became of it."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        parliament_import = get_object_or_404(ParliamentImport.objects.select_related("imported_by"), pk=object_id)
        shown = request.GET.get("outcome", "")
        rows = [row for row in parliament_import.rows if not shown or row["outcome"] == shown]
        outcome_names = {
            "created": _("created"),
            "updated": _("updated"),
            "unchanged": _("unchanged"),
            "unmatched": _("not matched"),
            "error": _("error"),
        }
        for row in rows:
            row["outcome_name"] = outcome_names.get(row["outcome"], row["outcome"])
        context = self.context(
            request,
            _("Import report"),
            parliament_import=parliament_import,
            rows=rows,
            shown=shown,
            outcome_names=outcome_names,
            rows_csv_url=reverse("admin:parliament_data_parliamentimport_rows", args=[parliament_import.pk]),
        )
        return TemplateResponse(request, "admin/parliament_data/parliamentimport/report.html", context)

    def rows_csv_view(self, request, import_id):
        """The report's rows as CSV, every cell as text a spreadsheet never runs."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        parliament_import = get_object_or_404(ParliamentImport, pk=import_id)
        out = io.StringIO()
        out.write(BYTE_ORDER_MARK)
        writer = csv.writer(out)
        writer.writerow(["line", "outcome", "message"])
        for row in parliament_import.rows:
            writer.writerow([neutralise(row.get(column, "")) for column in ("line", "outcome", "message")])
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="import-{parliament_import.pk}-report.csv"'
        return response
