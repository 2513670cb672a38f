"""manage.py import_parliament_members FILE [FILE …] [--as-of YYYY-MM-DD]: members of both houses
from files saved from the Members API's search (README, "Parliament's own data")."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from parliament_data.services import members_import

from ._report import print_report


class Command(BaseCommand):
    help = "Import MPs and Peers from Members API JSON files (/api/Members/Search pages)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument(
            "--as-of",
            type=datetime.date.fromisoformat,
            default=None,
            help="The day the files were saved (default today): a change of party is dated from it.",
        )

    def handle(self, *args, files, as_of, verbosity, **options):
        for path in files:
            try:
                content = path.read_bytes()
            except OSError as error:
                raise CommandError(f"{path}: {error.strerror}") from None
            self.stdout.write(f"{path}:")
            print_report(self, members_import(content=content, file_name=path.name, as_of=as_of), verbosity=verbosity)
