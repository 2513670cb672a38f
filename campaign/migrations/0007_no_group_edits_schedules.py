"""No group edits, adds or deletes beat schedules, nor sees them: the system's own send
confirmation mails and purge personal data every night, and an arbitrary scheduled task is code
run on the workers. Outreach staff manage recurring mailings through their own admin page, which
keeps the beat entry of each; the django-celery-beat admin is for superusers only."""

from django.db import migrations

from campaign.permissions import create_all_permissions, grant

BEAT_MODELS = ["periodictask", "crontabschedule", "intervalschedule", "solarschedule", "clockedschedule"]
# What 0004 gave Outreach, given back if this migration is reversed.
OUTREACH_HAD = {
    "periodictask": ("add", "change", "view"),
    "crontabschedule": ("add", "change", "view"),
    "intervalschedule": ("add", "change", "view"),
    "clockedschedule": ("add", "change", "view"),
}


def withdraw_schedule_permissions(apps, schema_editor):
    create_all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    beat = Permission.objects.filter(content_type__app_label="django_celery_beat", content_type__model__in=BEAT_MODELS)
    for group in Group.objects.filter(name__in=["Editors", "Outreach"]):
        group.permissions.remove(*beat)


def restore_outreach_permissions(apps, schema_editor):
    grant(apps, "Outreach", {"django_celery_beat": OUTREACH_HAD})


class Migration(migrations.Migration):
    dependencies = [
        ("campaign", "0006_single_line_organisation_name"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(withdraw_schedule_permissions, restore_outreach_permissions)]
