from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParliamentDataConfig(AppConfig):
    name = "parliament_data"
    verbose_name = _("Parliament's data")
