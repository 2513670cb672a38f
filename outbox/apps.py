from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = _("Outbox")

    def ready(self):
        from people.data_rights import register_holder

        from . import data_rights, kinds, tasks  # noqa: F401 (tasks connects the wake-up to mail_queued)

        kinds.register(kinds.ComposedMail())
        register_holder("outgoing_mail", export=data_rights.export, erase=data_rights.erase)
