"""Outreach staff lobby: they see the whip count, judge stances and log contacts. Editors get
nothing of it: stances and notes on parliamentarians are the campaign's own intelligence."""

from django.db import migrations

from campaign.permissions import grant


def grant_lobbying_permissions(apps, schema_editor):
    grant(
        apps,
        "Outreach",
        {
            "lobbying": {
                "stance": ("add", "change", "view", "view_whip_count"),
                "contactlog": ("add", "change", "view"),
            }
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("lobbying", "0001_initial"),
        ("campaign", "0007_no_group_edits_schedules"),
    ]

    operations = [migrations.RunPython(grant_lobbying_permissions, migrations.RunPython.noop)]
