"""Editors keep the record of motions and statements, as they keep events and recommendations;
Outreach staff read it."""

from django.db import migrations

from campaign.permissions import grant

ALL = ("add", "change", "delete", "view")


def grant_motion_permissions(apps, schema_editor):
    grant(apps, "Editors", {"motions": {"motion": ALL, "signatory": ALL}})
    grant(apps, "Outreach", {"motions": {"motion": ("view",), "signatory": ("view",)}})


class Migration(migrations.Migration):
    dependencies = [
        ("motions", "0001_motions_and_signatories"),
        ("campaign", "0007_no_group_edits_schedules"),
    ]

    operations = [migrations.RunPython(grant_motion_permissions, migrations.RunPython.noop)]
