"""Editors see signatures and may change their status (invalidate, mark fraudulent); exporting
them with personal data is a separate permission that no group has."""

from django.db import migrations

from campaign.permissions import grant


def grant_signature_permissions(apps, schema_editor):
    grant(apps, "Editors", {"petitions": {"signature": ("view", "change")}})
    grant(apps, "Outreach", {"petitions": {"signature": ("view",)}})


class Migration(migrations.Migration):
    dependencies = [("campaign", "0002_staff_groups"), ("petitions", "0002_signatures")]

    operations = [migrations.RunPython(grant_signature_permissions, migrations.RunPython.noop)]
