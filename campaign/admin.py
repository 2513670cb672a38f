from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Campaign, Organisation

admin.site.site_header = _("Campaign administration")
admin.site.site_title = _("Campaign admin")

# Tables that run the machinery rather than the campaign: beat schedules (the system's own send
# confirmations and purge personal data every night), login lockouts, second-factor devices, the
# personal-data access log. Superusers only, whatever permissions a group is given.
TECHNICAL_APPS = {"django_celery_beat", "axes", "otp_totp", "otp_static", "personal_data"}


class SuperuserOnlyAdminMixin:
    """A model admin that only active superusers see or use: absent from everyone else's index,
    and 403 on its pages."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return self.has_module_permission(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request) and super().has_delete_permission(request, obj)


def restrict_technical_admins(site=admin.site):
    """Re-register every model admin of TECHNICAL_APPS as superuser-only. Called once all admin
    modules are loaded (CampaignConfig.ready), since the libraries register their own."""
    for model, model_admin in list(site._registry.items()):
        if model._meta.app_label not in TECHNICAL_APPS or isinstance(model_admin, SuperuserOnlyAdminMixin):
            continue
        admin_class = type(model_admin)
        site.unregister(model)
        site.register(model, type(f"SuperuserOnly{admin_class.__name__}", (SuperuserOnlyAdminMixin, admin_class), {}))


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "country", "runs_this_site"]
    list_filter = ["kind", "runs_this_site"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "is_active", "started_on"]
    list_filter = ["is_active", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["organisation"]
