from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignConfig(AppConfig):
    name = "campaign"
    verbose_name = _("Campaign")

    def ready(self):
        # django.contrib.admin, first in INSTALLED_APPS, has loaded every admin module by now.
        from .admin import restrict_technical_admins

        restrict_technical_admins()
