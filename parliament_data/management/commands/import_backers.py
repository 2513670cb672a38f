"""manage.py import_backers FILE.csv: backing for asks from a CSV (parliament_data/backers.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from parliament_data.backers import backers_import

from ._report import print_report


class Command(BaseCommand):
    help = "Import backers of asks from a CSV: parliament_id or person, ask, how, date, source_url, source_description."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, verbosity, **options):
        try:
            content = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from None
        print_report(self, backers_import(content=content, file_name=file.name), verbosity=verbosity)
