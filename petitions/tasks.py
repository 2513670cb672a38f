from celery import shared_task

from . import services


@shared_task
def send_confirmation_mails():
    """Woken after signing, and run by beat every few seconds: sends what the rows say is due.
    Safe to run twice at once: each signature is claimed by one run only."""
    return services.send_due_confirmations()
