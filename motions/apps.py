from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MotionsConfig(AppConfig):
    name = "motions"
    verbose_name = _("Motions and statements")

    def ready(self):
        from people.data_rights import register_holder

        from . import data_rights

        register_holder("motions", export=data_rights.export, keeps_person=data_rights.keeps_person)
