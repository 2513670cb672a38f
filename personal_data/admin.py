"""Supporters' addresses, postcodes and IP addresses in the admin: masked for everyone by default,
shown in full for one object at a time to staff holding the personal-data permission, who give a
reason, and each reveal recorded in the access log.

Applying it to a model admin (the signatures, people and per-recipient mail logs do):

    from personal_data.admin import PersonalDataAdminMixin
    from personal_data.masking import mask_email, mask_ip_address, mask_postcode

    @admin.register(Delivery)
    class DeliveryAdmin(PersonalDataAdminMixin, admin.ModelAdmin):   # the mixin first
        personal_data_fields = {"email": mask_email}                # model field name -> mask
        list_display = ["email", "mailing", "status"]                # unchanged: masked for you

What the mixin then does, with nothing more to write:
- Lists: each listed personal field shows masked, for every user (a holder reveals on the object's
  page); such columns cannot be sorted, since order by address tells about the address.
- Change page: each personal field shows masked and read-only (left out of the form, so a save
  cannot change it) until a holder presses "Show personal data" (a POST to
  `<pk>/personal-data/`, with an optional reason). The values then show, and are editable by
  those who may change the object, for REVEAL_SECONDS; the reveal is a row in the access log.
  The add page is not masked: there is nothing yet to hide.
- Search: personal fields in `search_fields` match only a whole value (`=field`, case-insensitive),
  for everyone: staff who know an address find its row (masked), but nobody can read addresses
  letter by letter through partial searches. Query-string lookups on them (`?email__startswith=`)
  are refused (400) for the same reason.
- History (django-simple-history): changes to personal fields are listed masked.
- Imports (django-import-export): the dry-run preview shows personal fields masked, the record's
  and the file's alike (a row naming a known address would otherwise show the stored postcode).
- The change page template: the mixin sets `change_form_template` to
  "admin/personal_data/change_form.html", which adds the reveal panel and masks personal values
  in the page's title and breadcrumbs (`personal_data_label`). An admin with a template of its own
  extends that one instead of "admin/change_form.html" (people's change form does).
- Not covered: str(obj) elsewhere (the admin's "Recent actions", delete confirmations, history
  titles). Give a model holding an address a __str__ without it.

Whatever else shows a personal value (a custom view, a template) masks it with the functions in
`personal_data.masking` or the template filters `{% load personal_data %}`
(`|mask_email`, `|mask_postcode`, `|mask_ip_address`); exports record themselves with
`personal_data.services.access_record`.
"""

import datetime

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from import_export.resources import Diff
from simple_history.template_utils import HistoricalRecordContextHelper

from campaign.admin import SuperuserOnlyAdminMixin

from .models import PersonalDataAccess
from .services import (
    access_record,
    can_view_personal_data,
    reveal_forget,
    reveal_remember,
    revealed_until,
)


class RevealForm(forms.Form):
    reason = forms.CharField(
        max_length=500,
        required=False,
        label=gettext_lazy("Reason (optional)"),
        help_text=gettext_lazy("Recorded in the access log with your name and the time."),
    )


class MaskingHistoryHelper(HistoricalRecordContextHelper):
    """History lists show "email: a•••@b•••.org → c•••@d•••.org", never the addresses."""

    def __init__(self, model, historical_record, *, masks, **kwargs):
        super().__init__(model, historical_record, **kwargs)
        self.masks = masks

    def format_delta_change(self, change):
        mask = self.masks.get(change.field)
        if mask is not None:
            change = type(change)(field=change.field, old=mask(change.old), new=mask(change.new))
        return super().format_delta_change(change)


def masked_diff_resource(resource_class, masks):
    """The same import resource, whose dry-run preview shows personal fields masked: otherwise a
    row naming a known address would show that person's stored postcode in the diff."""

    def read(resource, instance):
        return [
            masks[field.attribute](field.export(instance)) if field.attribute in masks else field.export(instance)
            for field in resource.get_import_fields()
        ]

    class MaskedDiff(Diff):
        def __init__(self, resource, instance, new):
            super().__init__(resource, instance, new)
            self.left = read(resource, instance)

        def compare_with(self, resource, instance):
            self.right = read(resource, instance)

    return type(resource_class.__name__, (resource_class,), {"get_diff_class": lambda self: MaskedDiff})


def masked_name(field_name):
    return f"masked_{field_name}"


class PersonalDataAdminMixin:
    #: {model field name: masking function from personal_data.masking}
    personal_data_fields = {}
    change_form_template = "admin/personal_data/change_form.html"

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        for name, mask in self.personal_data_fields.items():
            setattr(self, masked_name(name), self._masked_display(name, mask))

    def _masked_display(self, name, mask):
        def display(obj):
            return mask(getattr(obj, name)) or None

        display.short_description = capfirst(self.model._meta.get_field(name).verbose_name)
        return display

    def _substitute(self, names):
        """The same field names, personal ones replaced by their masked display (rows kept as tuples)."""
        result = []
        for name in names:
            if isinstance(name, (list, tuple)):
                result.append(tuple(self._substitute(name)))
            else:
                result.append(masked_name(name) if name in self.personal_data_fields else name)
        return result

    def personal_data_label(self, request, obj):
        """str(obj) for the page's title and breadcrumbs, with any personal value in it masked
        (a delivery's name is its address)."""
        label = str(obj)
        if self.personal_data_masked(request, obj):
            for name, mask in self.personal_data_fields.items():
                value = getattr(obj, name)
                if value:
                    label = label.replace(str(value), mask(value))
        return label

    def personal_data_masked(self, request, obj):
        """Whether the change page of `obj` hides personal data from this request's user now."""
        return obj is not None and obj.pk is not None and revealed_until(request, obj) is None

    # Lists and search

    def get_list_display(self, request):
        return self._substitute(super().get_list_display(request))

    def get_list_display_links(self, request, list_display):
        links = super().get_list_display_links(request, list_display)
        return self._substitute(links) if links else links

    def get_search_fields(self, request):
        fields = []
        for name in super().get_search_fields(request):
            field_path = name.lstrip("^=@")
            base = field_path.split("__")[0]
            fields.append(f"={base}" if base in self.personal_data_fields else name)
        return fields

    def lookup_allowed(self, lookup, value, request):
        if lookup.split("__")[0] in self.personal_data_fields:
            return False
        return super().lookup_allowed(lookup, value, request)

    # The change page

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.personal_data_masked(request, obj):
            return readonly
        readonly = self._substitute(readonly)
        return readonly + [masked_name(n) for n in self.personal_data_fields if masked_name(n) not in readonly]

    def get_exclude(self, request, obj=None):
        exclude = super().get_exclude(request, obj)
        if not self.personal_data_masked(request, obj):
            return exclude
        return [*(exclude or []), *self.personal_data_fields]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self.personal_data_masked(request, obj):
            return fieldsets
        return [(title, {**options, "fields": self._substitute(options["fields"])}) for title, options in fieldsets]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        if obj is not None:
            extra_context["personal_data"] = self._reveal_panel(request, obj)
            extra_context["subtitle"] = extra_context["personal_data"]["label"]
            if request.method == "POST" and self.personal_data_masked(request, obj):
                if any(name in request.POST for name in self.personal_data_fields):
                    self.message_user(
                        request,
                        _(
                            "Personal data was hidden again before you saved: those fields were not changed. "
                            "Show it again to edit them."
                        ),
                        messages.WARNING,
                    )
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _reveal_panel(self, request, obj):
        until = revealed_until(request, obj)
        opts = self.model._meta
        return {
            "label": self.personal_data_label(request, obj),
            "fields": [opts.get_field(name).verbose_name for name in self.personal_data_fields],
            "revealed_until": datetime.datetime.fromtimestamp(until, tz=datetime.UTC) if until else None,
            "can_reveal": can_view_personal_data(request.user),
            "form": RevealForm(),
            "url": reverse(f"admin:{opts.app_label}_{opts.model_name}_personal_data", args=[obj.pk]),
        }

    def get_urls(self):
        opts = self.model._meta
        view = self.admin_site.admin_view(require_POST(self.personal_data_view))
        return [
            path("<path:object_id>/personal-data/", view, name=f"{opts.app_label}_{opts.model_name}_personal_data")
        ] + super().get_urls()

    def personal_data_view(self, request, object_id):
        """Show (or hide again) the personal data of one object; showing it is recorded."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj) or not can_view_personal_data(request.user):
            raise PermissionDenied
        if "hide" in request.POST:
            reveal_forget(request, obj)
        else:
            form = RevealForm(request.POST)
            if not form.is_valid():
                self.message_user(request, _("The reason is too long (500 characters at most)."), messages.ERROR)
            else:
                opts = self.model._meta
                # The log is a record: in the site's own language, whatever language its reader uses.
                with translation.override(settings.LANGUAGE_CODE):
                    shown = [str(opts.get_field(name).verbose_name) for name in self.personal_data_fields]
                access_record(
                    user=request.user,
                    kind=PersonalDataAccess.Kind.REVEAL,
                    model=obj,
                    object_id=obj.pk,
                    what=", ".join(shown),
                    reason=form.cleaned_data["reason"],
                )
                reveal_remember(request, obj)
        opts = self.model._meta
        return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", obj.pk)

    # Imports (django-import-export): the preview compares each row with the record it updates

    def get_import_resource_classes(self, request):
        return [
            masked_diff_resource(resource, self.personal_data_fields)
            for resource in super().get_import_resource_classes(request)
        ]

    # History (django-simple-history)

    def get_historical_record_context_helper(self, request, historical_record):
        return MaskingHistoryHelper(self.model, historical_record, masks=self.personal_data_fields)


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(SuperuserOnlyAdminMixin, admin.ModelAdmin):
    """Who viewed or exported personal data: for superusers, read only."""

    list_display = ["at", "username", "kind", "target", "what", "rows", "reason"]
    list_filter = ["kind", ("at", admin.DateFieldListFilter), "content_type"]
    search_fields = ["=username", "reason"]
    date_hierarchy = "at"
    list_select_related = ["content_type"]
    show_full_result_count = False

    @admin.display(description=gettext_lazy("of"))
    def target(self, access):
        return f"{access.content_type.name} #{access.object_id}" if access.object_id else access.content_type.name

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
