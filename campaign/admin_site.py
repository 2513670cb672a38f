"""The admin site: Django's, with every changelist answering a bad filter in its address with a
message instead of a server error.

Django checks the values of a changelist's filters only as far as building the query: a value
that fails later, when the database adapter converts it (`?ip_address=notanip` on PostgreSQL's
inet, a NUL byte) or when the database reads it (`?name__regex=(`), escaped as a 500; a filter the
admin refuses on purpose (a masked field) gave a bare "Bad Request"; and the errors Django does
catch send staff to the bare list without a word. Here every such error sends
them to the whole list with a message saying which filter could not be applied and why.

The changelists of every registered model admin get this, ours and the installed apps' (axes,
django-celery-beat, auth): the site mixes it into each admin class as it is registered.
"""

import logging
from functools import cache

from django.contrib import admin, messages
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ERROR_FLAG, IGNORED_PARAMS, PAGE_VAR
from django.core.exceptions import ValidationError
from django.db import DataError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext


def error_text(error):
    if isinstance(error, IncorrectLookupParameters) and error.args and isinstance(error.args[0], Exception):
        error = error.args[0]
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    text = str(error).strip() if error is not None else ""
    if not text:
        return _("a value is not of the right kind.")
    return text if text.endswith((".", "!", "?")) else text + "."


class ReportedFilterErrors:
    """Mixed into a ChangeList: any error that a filter's value causes becomes Django's
    IncorrectLookupParameters (the whole list, without the filters), with a message."""

    def get_queryset(self, request, exclude_parameters=None):
        try:
            return super().get_queryset(request, exclude_parameters)
        except DisallowedModelAdminLookup as error:
            # A filter the admin refuses on purpose (on a masked field, a password): still logged as
            # Django logs it, but staff get the list and a sentence rather than a bare "Bad Request".
            logging.getLogger("django.security.DisallowedModelAdminLookup").warning(str(error))
            self.report_filter_error(request, error)
            raise IncorrectLookupParameters(error) from error
        except IncorrectLookupParameters as error:
            self.report_filter_error(request, error)
            raise
        except (ValidationError, ValueError, TypeError) as error:
            self.report_filter_error(request, error)
            raise IncorrectLookupParameters(error) from error

    def get_results(self, request):
        # The query runs here: values that the database adapter or the database refuses fail now.
        try:
            return super().get_results(request)
        except IncorrectLookupParameters as error:
            self.report_filter_error(request, error)
            raise
        except (ValidationError, ValueError, TypeError, DataError) as error:
            self.report_filter_error(request, error)
            raise IncorrectLookupParameters(error) from error

    def report_filter_error(self, request, error):
        filters = [
            f"{name}={value[:80]}"
            for name, value in request.GET.items()
            if name not in IGNORED_PARAMS and name not in (ERROR_FLAG, PAGE_VAR)
        ]
        if filters:
            quoted = pgettext("list separator", ", ").join(
                pgettext("a quotation", "“%(text)s”") % {"text": text} for text in filters
            )
            message = _("This list could not be shown by %(filters)s: %(error)s The whole list is shown instead.")
            message %= {"filters": quoted, "error": error_text(error)}
        elif PAGE_VAR in request.GET:
            message = _("This list could not be shown at page “%(page)s”: %(error)s The whole list is shown instead.")
            message %= {"page": request.GET[PAGE_VAR][:20], "error": error_text(error)}
        else:
            message = _("This list could not be shown as asked: %(error)s The whole list is shown instead.")
            message %= {"error": error_text(error)}
        messages.error(request, message)


@cache
def changelist_class(base):
    if issubclass(base, ReportedFilterErrors):
        return base
    return type(base.__name__, (ReportedFilterErrors, base), {"__module__": __name__})


class ReportedFilterErrorsAdmin:
    """Mixed into every ModelAdmin the site registers."""

    def get_changelist(self, request, **kwargs):
        return changelist_class(super().get_changelist(request, **kwargs))


# The campaign's own tables first, in the order staff use them; the machinery last, in one group.
APP_ORDER = ["events", "petitions", "outreach", "people", "recommendations", "motions", "campaign", "registrations"]
SYSTEM_APPS = {"django_celery_beat", "axes", "otp_totp", "otp_static", "personal_data", "auth", "outbox"}


class CampaignAdminSite(admin.AdminSite):
    index_template = "dashboard/admin_index.html"

    def index(self, request, extra_context=None):
        """The admin's home is the campaign's dashboard (dashboard/services.py), above the tables."""
        from dashboard.services import dashboard_context

        context = {**dashboard_context(user=request.user), **(extra_context or {})}
        return super().index(request, context)

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        if app_label:
            return apps
        ours = sorted(
            (app for app in apps if app["app_label"] not in SYSTEM_APPS),
            key=lambda app: (APP_ORDER.index(app["app_label"]) if app["app_label"] in APP_ORDER else 99, app["name"]),
        )
        system = [app for app in apps if app["app_label"] in SYSTEM_APPS]
        if system:
            ours.append(
                {
                    "name": _("System"),
                    "app_label": "system",
                    "app_url": "",
                    "has_module_perms": True,
                    "models": [model for app in system for model in app["models"]],
                    "is_system": True,
                }
            )
        return ours

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, ReportedFilterErrorsAdmin):
            admin_class = type(
                admin_class.__name__, (ReportedFilterErrorsAdmin, admin_class), {"__module__": admin_class.__module__}
            )
        super().register(model_or_iterable, admin_class, **options)


class CampaignAdminConfig(AdminConfig):
    """django.contrib.admin on the site above (in INSTALLED_APPS in its place)."""

    default_site = "campaign.admin_site.CampaignAdminSite"
