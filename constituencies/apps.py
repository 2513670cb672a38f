from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConstituenciesConfig(AppConfig):
    name = "constituencies"
    verbose_name = _("Constituencies")
