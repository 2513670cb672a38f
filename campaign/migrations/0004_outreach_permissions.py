"""Outreach staff write, schedule and send mailings and edit the beat schedules of recurring ones.
Editors get nothing of outreach: they cannot send or schedule mail."""

from django.db import migrations

from campaign.permissions import grant

ALL = ("add", "change", "delete", "view")


def grant_outreach_permissions(apps, schema_editor):
    grant(
        apps,
        "Outreach",
        {
            "outreach": {
                "mailing": (*ALL, "send_mailing"),
                "audience": ALL,
                "recurringmailing": ALL,
                "delivery": ("view",),
            },
            "django_celery_beat": {
                "periodictask": ("add", "change", "view"),
                "crontabschedule": ("add", "change", "view"),
                "intervalschedule": ("add", "change", "view"),
                "clockedschedule": ("add", "change", "view"),
            },
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("campaign", "0003_signature_permissions"),
        ("outreach", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(grant_outreach_permissions, migrations.RunPython.noop)]
