"""manage.py import_edm_signatures FILE [FILE …] --campaign SLUG [--session 2024-26]: Early Day
Motions and their signatures from files saved from the EDM API's /EarlyDayMotion/{id}."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from campaign.models import Campaign
from parliament_data.services import edm_signatures_import

from ._report import print_report


class Command(BaseCommand):
    help = "Import Early Day Motions and who signed them from EDM API JSON files (/EarlyDayMotion/{id})."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--campaign", help="The slug of the campaign new motions belong to (needed if several).")
        parser.add_argument("--session", default="", help="The parliamentary session, e.g. 2024-26.")

    def handle(self, *args, files, campaign, session, verbosity, **options):
        campaigns = Campaign.objects.filter(slug=campaign) if campaign else Campaign.objects.all()
        if campaigns.count() != 1:
            raise CommandError(
                "Name the campaign with --campaign SLUG." if not campaign else f"No campaign {campaign}."
            )
        chosen = campaigns.get()
        for path in files:
            try:
                content = path.read_bytes()
            except OSError as error:
                raise CommandError(f"{path}: {error.strerror}") from None
            self.stdout.write(f"{path}:")
            parliament_import = edm_signatures_import(
                content=content, campaign=chosen, session=session, file_name=path.name
            )
            print_report(self, parliament_import, verbosity=verbosity)
