"""Thin Celery tasks: each takes an id, calls a service, and is safe to run twice."""

from celery import shared_task

from . import imports


@shared_task
def check_import(import_id):
    """The dry run of an uploaded file (people.imports.person_import_check)."""
    imports.person_import_check(import_id=import_id)


@shared_task
def apply_import(import_id):
    """A confirmed import, written all at once (people.imports.person_import_apply)."""
    imports.person_import_apply(import_id=import_id)


@shared_task
def purge_imports():
    """Run by beat every hour: delete import files and error rows past PEOPLE_IMPORT_KEEP_HOURS."""
    return imports.imports_purge()
