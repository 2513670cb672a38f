from django.core.management.base import BaseCommand

from campaign.demo import load_demo_data


class Command(BaseCommand):
    help = "Record the demo campaign and the conference of 10 September 2020. Safe to run again."

    def handle(self, *args, **options):
        event = load_demo_data()
        self.stdout.write(
            f"Demo data in place: “{event.title}” with {event.participants.count()} participants "
            f"and {event.statements.count()} statements."
        )
