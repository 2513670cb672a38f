"""Thin Celery tasks for what happens after a letter is sent: each calls a service, takes ids (or
nothing, when beat runs it) and is safe to run twice (each letter's step is claimed in the row)."""

from celery import shared_task

from . import data_rights, followup


@shared_task
def queue_letter_surveys(letter_ids=None):
    """Beat, hourly: queue "Did your MP reply?" for every letter due (or for `letter_ids`, if due)."""
    return len(followup.surveys_queue_due(letter_ids=letter_ids))


@shared_task
def thank_letter_writers(letter_ids):
    return len(followup.writers_thank(letter_ids=letter_ids))


@shared_task
def anonymise_old_letters():
    return data_rights.letters_anonymise_old()
