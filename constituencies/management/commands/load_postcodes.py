"""manage.py load_postcodes ONSPD.csv [--names NAMES.csv]: see constituencies/loading.py."""

import time

from django.core.management.base import BaseCommand, CommandError

from constituencies.loading import PostcodeFileError, postcodes_load


class Command(BaseCommand):
    help = (
        "Load the ONS Postcode Directory (its single UK CSV file) so that postcodes are matched to "
        "Westminster constituencies on this server; replaces what was loaded before, all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The ONSPD CSV file, e.g. Data/ONSPD_FEB_2025_UK.csv.")
        parser.add_argument(
            "--names", help="ONS's constituency names and codes CSV (columns PCON24CD, PCON24NM), for the names."
        )

    def handle(self, *args, path, names, **options):
        started = time.monotonic()
        try:
            summary = postcodes_load(path=path, names_path=names)
        except OSError as error:
            raise CommandError(f"{error.filename or path}: {error.strerror}. Nothing was loaded.") from error
        except PostcodeFileError as error:
            row = f", row {error.row}" if error.row else ""
            raise CommandError(f"{error.path or path}{row}: {error} Nothing was loaded.") from error
        self.stdout.write(
            f"Loaded {summary.postcodes:,} postcodes in {summary.constituencies:,} constituencies "
            f"({summary.straddling:,} straddle two or more); skipped {summary.terminated:,} terminated and "
            f"{summary.outside:,} outside any constituency; {summary.new_constituencies:,} new constituencies. "
            f"{time.monotonic() - started:.1f} s."
        )
        if summary.unnamed:
            self.stdout.write(
                self.style.WARNING(
                    f"{summary.unnamed:,} constituencies are known only by their code: load again with --names "
                    "and ONS's names and codes file, so that they can be matched to MPs."
                )
            )
