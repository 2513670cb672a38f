from celery import shared_task

from . import services


@shared_task
def send_confirmation_mails():
    """Woken after signing, and run by beat every few seconds: sends what the rows say is due.
    Safe to run twice at once: each signature is claimed by one run only."""
    return services.send_due_confirmations()


@shared_task
def purge_unconfirmed_signatures():
    return services.signatures_purge_unconfirmed()


@shared_task
def anonymise_closed_petitions():
    return services.signatures_anonymise_closed_petitions()
