"""Thin Celery tasks: each takes an id, calls a service, and is safe to run twice."""

from celery import shared_task
from django.utils import translation

from . import imports
from .models import PersonImport


def in_uploaders_language(import_id):
    """Errors are written in the language of the page the file was uploaded from."""
    language = PersonImport.objects.filter(pk=import_id).values_list("language", flat=True).first()
    return translation.override(language or None)


@shared_task
def check_import(import_id):
    """The dry run of an uploaded file (people.imports.person_import_check)."""
    with in_uploaders_language(import_id):
        imports.person_import_check(import_id=import_id)


@shared_task
def apply_import(import_id):
    """A confirmed import, written all at once (people.imports.person_import_apply)."""
    with in_uploaders_language(import_id):
        imports.person_import_apply(import_id=import_id)


@shared_task
def purge_imports():
    """Run by beat every hour: delete import files and error rows past PEOPLE_IMPORT_KEEP_HOURS."""
    return imports.imports_purge()
