from django.apps import AppConfig


class CampaignConfig(AppConfig):
    name = "campaign"
    verbose_name = "Campaign"

    def ready(self):
        # django.contrib.admin, first in INSTALLED_APPS, has loaded every admin module by now.
        from .admin import restrict_technical_admins

        restrict_technical_admins()
