from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "petitions"

    def ready(self):
        from outbox.kinds import register
        from people.data_rights import register_holder

        from . import data_rights
        from .mail import SignatureConfirmationMail

        register(SignatureConfirmationMail())
        register_holder("signatures", export=data_rights.export, erase=data_rights.erase)
