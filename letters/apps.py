from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "letters"
    verbose_name = _("Letters to representatives")

    def ready(self):
        from outbox.kinds import register
        from people.data_rights import register_holder

        from . import data_rights, followup_tasks  # noqa: F401 (the worker learns beat's letter tasks here)
        from .followup_mail import LetterSurveyMail, LetterThanksMail
        from .mail import LetterConfirmationMail, LetterCopyToWriterMail, LetterToRepresentativeMail

        register(LetterConfirmationMail())
        register(LetterToRepresentativeMail())
        register(LetterCopyToWriterMail())
        register(LetterSurveyMail())
        register(LetterThanksMail())
        register_holder("letters", export=data_rights.export, erase=data_rights.erase)
