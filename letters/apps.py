from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "letters"
    verbose_name = _("Letters to representatives")

    def ready(self):
        from outbox.kinds import register

        from .mail import LetterConfirmationMail, LetterCopyToWriterMail, LetterToRepresentativeMail

        register(LetterConfirmationMail())
        register(LetterToRepresentativeMail())
        register(LetterCopyToWriterMail())
