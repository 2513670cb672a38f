from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LobbyingConfig(AppConfig):
    name = "lobbying"
    verbose_name = _("Lobbying")

    def ready(self):
        from people.data_rights import register_holder

        from . import data_rights

        register_holder("lobbying", export=data_rights.export, erase=data_rights.erase)
