from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"

    def ready(self):
        from people.data_rights import register_holder

        from . import data_rights

        register_holder("events", export=data_rights.export, keeps_person=data_rights.keeps_person)
