"""Editors open, close and set up registration, and check people in at the door (seeing names also
needs the personal-data permission, given one by one); Outreach staff see the counts."""

from django.db import migrations

from campaign.permissions import grant


def grant_registration_permissions(apps, schema_editor):
    grant(
        apps,
        "Editors",
        {"registrations": {"eventregistration": ("add", "change", "view", "check_in_registrant")}},
    )
    grant(apps, "Outreach", {"registrations": {"eventregistration": ("view",)}})


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0001_event_registration"),
        ("campaign", "0007_no_group_edits_schedules"),
    ]

    operations = [migrations.RunPython(grant_registration_permissions, migrations.RunPython.noop)]
