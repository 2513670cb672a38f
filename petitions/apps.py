from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "petitions"
    verbose_name = _("Petitions")

    def ready(self):
        from outbox.kinds import register
        from people.data_rights import register_holder

        from . import data_rights
        from .mail import AlreadySignedMail, MilestoneMail, SignatureConfirmationMail

        register(SignatureConfirmationMail())
        register(AlreadySignedMail())
        register(MilestoneMail())
        register_holder("signatures", export=data_rights.export, erase=data_rights.erase)
