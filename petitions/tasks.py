"""Thin Celery tasks for petitions: each calls a service and is safe to run twice."""

from celery import shared_task

from . import services


@shared_task
def purge_unconfirmed_signatures():
    return services.signatures_purge_unconfirmed()


@shared_task
def anonymise_closed_petitions():
    return services.signatures_anonymise_closed_petitions()


@shared_task
def mark_milestones_reached():
    return services.milestones_mark_reached()
