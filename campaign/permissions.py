"""Helpers for migrations that grant the staff groups their permissions.

Permissions are normally created after all migrations ran; a migration that grants them needs them
at once, so `grant` creates any that are missing first.
"""

from django.contrib.auth.management import create_permissions


def create_all_permissions(apps):
    for app_config in apps.get_app_configs():
        # create_permissions skips apps without a models module, as historical apps appear.
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = original


def grant(apps, group_name, grants):
    """grants: {app_label: {model_name: (action or full codename, …)}}."""
    create_all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    for app_label, models in grants.items():
        for model_name, actions in models.items():
            codenames = [a if "_" in a else f"{a}_{model_name}" for a in actions]
            permissions = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            if permissions.count() != len(codenames):
                raise RuntimeError(f"Missing permissions for {app_label}.{model_name}: {codenames}")
            group.permissions.add(*permissions)
