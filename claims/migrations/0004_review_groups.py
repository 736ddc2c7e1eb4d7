"""The two roles of a newsroom: Reviewers work claims; Editors also publish, reopen and manage articles."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEW_ALL = [
    "view_source", "view_article", "view_claimant", "view_claim", "view_verdict", "view_evidence",
    "view_claimevent",
]
REVIEWER = VIEW_ALL + ["add_claim", "change_claim", "review_claim", "add_claimant", "change_claimant"]
EDITOR = REVIEWER + [
    "publish_claim", "reopen_claim", "delete_claim",
    "add_article", "change_article", "delete_article", "add_source", "change_source",
]
GROUPS = {"Reviewers": REVIEWER, "Editors": EDITOR}


def create_groups(apps, schema_editor):
    # Permissions are normally created after migrate; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(content_type__app_label="claims", codename__in=codenames)
        assert permissions.count() == len(codenames), f"missing permissions for {name}"
        group.permissions.set(permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0003_database_invariants"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_groups, remove_groups)]
