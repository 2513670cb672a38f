from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = _("Event registration")

    def ready(self):
        from events.models import Event
        from outbox.kinds import register
        from people.data_rights import register_holder

        from . import data_rights, signals
        from .mail import registration_mail_kinds
        from .models import EventRegistration

        for kind in registration_mail_kinds():
            register(kind)
        register_holder("event_registrations", export=data_rights.export, erase=data_rights.erase)
        # Staff edit events in the events app's admin: when one moves, its reminders move with it.
        post_save.connect(signals.event_saved, sender=Event, dispatch_uid="registrations.event_saved")
        post_save.connect(
            signals.event_registration_saved, sender=EventRegistration, dispatch_uid="registrations.registration_saved"
        )
