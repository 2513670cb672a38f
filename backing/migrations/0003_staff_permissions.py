"""Editors keep the record of who backs each ask, as they keep motions and recommendations;
Outreach staff read it."""

from django.db import migrations

from campaign.permissions import grant

ALL = ("add", "change", "delete", "view")


def grant_backing_permissions(apps, schema_editor):
    grant(apps, "Editors", {"backing": {"backing": ALL}})
    grant(apps, "Outreach", {"backing": {"backing": ("view",)}})


class Migration(migrations.Migration):
    dependencies = [
        ("backing", "0002_backers_moved_from_recommendations"),
        ("campaign", "0007_no_group_edits_schedules"),
    ]

    operations = [migrations.RunPython(grant_backing_permissions, migrations.RunPython.noop)]
