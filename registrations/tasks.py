"""Thin Celery tasks for registrations: each calls a service and is safe to run twice."""

from celery import shared_task

from . import services


@shared_task
def erase_guest_lists():
    return services.registrants_erase_after_events()


@shared_task
def purge_unconfirmed_registrants():
    return services.registrants_purge_unconfirmed()
