"""Editors register partners' endpoints, read the delivery log and retry failed deliveries."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"  # claims.models.Role.EDITORS, created by claims' migration 0004
EDITOR = [
    "add_endpoint", "change_endpoint", "delete_endpoint", "view_endpoint",
    "view_delivery", "retry_delivery",
]


def grant(apps, schema_editor):
    # Permissions are normally created after migrate; the group needs them now.
    app_config = apps.get_app_config("webhooks")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS)
    permissions = Permission.objects.filter(content_type__app_label="webhooks", codename__in=EDITOR)
    assert permissions.count() == len(EDITOR), "missing webhooks permissions"
    group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="webhooks", codename__in=EDITOR)
    for group in Group.objects.filter(name=EDITORS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("webhooks", "0001_initial"),
        ("claims", "0004_review_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
