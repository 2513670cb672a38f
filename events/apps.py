from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from people.data_rights import register_holder

        from . import data_rights

        register_holder("events", export=data_rights.export, keeps_person=data_rights.keeps_person)
