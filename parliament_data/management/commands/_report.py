"""What the import commands print: the report's counts, then each row that is not unchanged."""

from django.core.management.base import CommandError


def print_report(command, parliament_import, *, verbosity=1):
    for row in parliament_import.rows:
        if row["outcome"] != "unchanged" or verbosity > 1:
            command.stdout.write(f"{row['line']:>8}  {row['outcome']:<9}  {row['message']}")
    if not parliament_import.succeeded:
        raise CommandError(parliament_import.problem)
    command.stdout.write(
        command.style.SUCCESS(
            f"created {parliament_import.created_count}, updated {parliament_import.updated_count}, "
            f"unchanged {parliament_import.unchanged_count}, not matched {parliament_import.unmatched_count}"
        )
    )
