"""Editors add and name the offices asks are addressed to, as they keep recommendations; Outreach
staff read them."""

from django.db import migrations

from campaign.permissions import grant


def grant_public_office_permissions(apps, schema_editor):
    grant(apps, "Editors", {"recommendations": {"publicoffice": ("add", "change", "delete", "view")}})
    grant(apps, "Outreach", {"recommendations": {"publicoffice": ("view",)}})


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0005_asks_to_offices_and_people"),
        ("campaign", "0007_no_group_edits_schedules"),
    ]

    operations = [migrations.RunPython(grant_public_office_permissions, migrations.RunPython.noop)]
