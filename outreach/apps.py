from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = _("Outreach")

    def ready(self):
        from outbox.kinds import register

        from .mail import MailingMail, ResubscribeMail
        from .models import RecurringMailing
        from .services import recurring_mailing_remove_schedule

        register(MailingMail())
        register(ResubscribeMail())
        # However a recurring mailing is deleted (admin, shell, a cascade), its beat entry goes too.
        post_delete.connect(
            lambda sender, instance, **kwargs: recurring_mailing_remove_schedule(instance),
            sender=RecurringMailing,
            weak=False,
            dispatch_uid="outreach.recurring_mailing_remove_schedule",
        )
