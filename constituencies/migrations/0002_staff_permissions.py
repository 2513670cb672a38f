"""Editors and Outreach staff read the constituencies and postcodes (loaded by a command, never edited)."""

from django.db import migrations

from campaign.permissions import grant

READ = {"constituencies": {"constituency": ("view",), "postcodeconstituency": ("view",)}}


def grant_constituency_permissions(apps, schema_editor):
    grant(apps, "Editors", READ)
    grant(apps, "Outreach", READ)


class Migration(migrations.Migration):
    dependencies = [
        ("constituencies", "0001_initial"),
        ("campaign", "0007_no_group_edits_schedules"),
    ]

    operations = [migrations.RunPython(grant_constituency_permissions, migrations.RunPython.noop)]
