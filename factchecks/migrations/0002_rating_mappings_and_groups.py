"""Starting rating mappings (PolitiFact and LIAR, Snopes, common labels of others) and who may do what
with imported fact-checks: Editors import and manage them and the mappings, Reviewers read them.

A label maps to the first of its slugs that is on the scale (editors may have added missing_context);
a label whose slugs are all missing, or that has none (Satire, Outdated), is kept as text only."""

from django.db import migrations

# label (normalised: case-folded, spaces collapsed) -> preferred slugs of the scale, best first.
STARTING_MAPPINGS = {
    # PolitiFact (Truth-O-Meter) and LIAR's labels
    "true": ["true"],
    "mostly true": ["mostly_true"],
    "mostly-true": ["mostly_true"],
    "half true": ["mixed"],
    "half-true": ["mixed"],
    "barely true": ["mostly_false"],
    "barely-true": ["mostly_false"],
    "mostly false": ["mostly_false"],
    "false": ["false"],
    "pants on fire": ["false"],
    "pants on fire!": ["false"],
    "pants-fire": ["false"],
    # Snopes
    "mixture": ["mixed"],
    "unproven": ["unproven"],
    "unfounded": ["unproven"],
    "research in progress": [],
    "miscaptioned": ["misleading"],
    "misattributed": ["false"],
    "correct attribution": ["true"],
    "outdated": [],
    "satire": [],
    "labeled satire": [],
    "originated as satire": [],
    "legend": [],
    "lost legend": [],
    "scam": ["false"],
    "fake": ["false"],
    # Others (AFP, Reuters, Full Fact, Meta's partners)
    "misleading": ["misleading"],
    "missing context": ["missing_context", "misleading"],
    "lacks context": ["missing_context", "misleading"],
    "false context": ["misleading"],
    "partly false": ["mixed"],
    "partly true": ["mixed"],
    "half truth": ["mixed"],
    "altered": ["false"],
    "altered photo": ["false"],
    "incorrect": ["false"],
    "correct": ["true"],
    "accurate": ["true"],
    "inaccurate": ["false"],
    "exaggerated": ["misleading"],
    "no evidence": ["unproven"],
    "unsupported": ["unproven"],
    "unverified": ["unproven"],
}

GRANTS = {
    "Editors": ["view_factcheck", "add_factcheck", "change_factcheck", "view_publisher", "add_publisher",
                "change_publisher", "view_ratingmapping", "add_ratingmapping", "change_ratingmapping",
                "delete_ratingmapping"],
    "Reviewers": ["view_factcheck", "view_publisher", "view_ratingmapping"],
}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("factchecks")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group, Permission = apps.get_model("auth", "Group"), apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(content_type__app_label="factchecks", codename__in=codenames)
        assert permissions.count() == len(codenames), f"missing permissions for {name}"
        group.permissions.add(*permissions)


def ungrant(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GRANTS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="factchecks"))


def create_mappings(apps, schema_editor):
    grant(apps, schema_editor)
    on_scale = set(apps.get_model("claims", "RatingLevel").objects.values_list("slug", flat=True))
    RatingMapping = apps.get_model("factchecks", "RatingMapping")
    for label, slugs in STARTING_MAPPINGS.items():
        rating = next((slug for slug in slugs if slug in on_scale), None)
        RatingMapping.objects.get_or_create(label=label, defaults={"rating": rating})


def remove_mappings(apps, schema_editor):
    apps.get_model("factchecks", "RatingMapping").objects.filter(label__in=STARTING_MAPPINGS).delete()
    ungrant(apps, schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("claims", "0008_rating_scale"),
        ("factchecks", "0001_factchecks"),
    ]

    operations = [migrations.RunPython(create_mappings, remove_mappings)]
