"""Thin Celery tasks: each takes ids, calls a service, and is safe to run twice."""

from celery import shared_task

from . import services


@shared_task
def tick():
    """Run by beat every OUTREACH_TICK_SECONDS: start the mailings whose time has come."""
    return services.mailings_start_due()


@shared_task
def occur_recurring_mailing(recurring_id):
    """Run by the beat entry of a RecurringMailing."""
    mailing = services.recurring_mailing_occur(recurring_id)
    return mailing.pk if mailing else None
