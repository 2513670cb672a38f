import smtplib

from celery import shared_task

from . import services


@shared_task(
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def send_signature_confirmation(signature_id):
    """Safe to run twice: a confirmed signature gets no further mail."""
    return services.signature_send_confirmation(signature_id)
