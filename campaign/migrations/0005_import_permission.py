"""Editors may import people from CSV; exporting them stays with superusers."""

from django.db import migrations

from campaign.permissions import grant


def grant_import(apps, schema_editor):
    grant(apps, "Editors", {"people": {"person": ("import_person",)}})


class Migration(migrations.Migration):
    dependencies = [("campaign", "0004_outreach_permissions"), ("people", "0003_import_export_permissions")]

    operations = [migrations.RunPython(grant_import, migrations.RunPython.noop)]
