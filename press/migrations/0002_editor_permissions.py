"""Editors write, keep and export press releases and set up the press office; other staff do not."""

from django.db import migrations

from campaign.permissions import grant


def grant_press_permissions(apps, schema_editor):
    grant(
        apps,
        "Editors",
        {
            "press": {
                "pressrelease": ("add", "change", "view"),
                "pressoffice": ("add", "change", "view"),
            }
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("press", "0001_press_release_and_office"),
        ("campaign", "0007_no_group_edits_schedules"),
    ]

    operations = [migrations.RunPython(grant_press_permissions, migrations.RunPython.noop)]
