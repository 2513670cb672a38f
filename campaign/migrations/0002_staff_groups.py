"""Create the two staff groups with their permissions.

Editors keep the record: events, people, recommendations and petitions. Outreach plans mail: it may
read that record and, once mailings exist, edit them (a later migration adds those permissions).
Neither group may touch user accounts, schedules or the consent record.
"""

from django.db import migrations

from campaign.permissions import grant

ALL = ("add", "change", "delete", "view")
EDITORS = {
    "campaign": {"organisation": ("add", "change", "view"), "campaign": ("add", "change", "view")},
    "events": {"event": ALL, "participant": ALL, "statement": ALL},
    "people": {
        "person": ALL,
        "parliamentaryrole": ALL,
        "office": ALL,
        "affiliation": ALL,
        "legislature": ("add", "change", "view"),
        "party": ("add", "change", "view"),
        "tag": ALL,
        "consentchange": ("view",),
    },
    "recommendations": {"recommendation": ALL, "statusupdate": ALL},
    "petitions": {"petition": ALL},
}
OUTREACH = {
    "campaign": {"organisation": ("view",), "campaign": ("view",)},
    "events": {"event": ("view",), "participant": ("view",), "statement": ("view",)},
    "people": {
        "person": ("view",),
        "parliamentaryrole": ("view",),
        "office": ("view",),
        "affiliation": ("view",),
        "legislature": ("view",),
        "party": ("view",),
        "tag": ("view",),
        "consentchange": ("view",),
    },
    "recommendations": {"recommendation": ("view",), "statusupdate": ("view",)},
    "petitions": {"petition": ("view",)},
}
GROUPS = {"Editors": EDITORS, "Outreach": OUTREACH}


def create_groups(apps, schema_editor):
    for group_name, grants in GROUPS.items():
        grant(apps, group_name, grants)


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("campaign", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("events", "0001_initial"),
        ("people", "0001_initial"),
        ("recommendations", "0001_initial"),
        ("petitions", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
