from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackingConfig(AppConfig):
    name = "backing"
    verbose_name = _("Cross-party backing")

    def ready(self):
        from people.data_rights import register_holder

        from . import data_rights

        register_holder(
            "backing", export=data_rights.export, erase=data_rights.erase, keeps_person=data_rights.keeps_person
        )
