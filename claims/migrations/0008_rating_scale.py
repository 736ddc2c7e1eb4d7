"""The rating scale becomes rows editors manage (issue 15). The seven ratings of before keep their
slugs (API clients send them) and get distinct values: Misleading and Mostly false shared 2.
Foreign keys in the database tie every stored rating to a row of the scale."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


# slug, label, value (None: carries no value), description shown to readers.
STARTING_SCALE = [
    ("true", "True", 6, "The claim is accurate and nothing significant is missing."),
    ("mostly_true", "Mostly true", 5, "The claim is accurate but needs clarification or additional information."),
    ("mixed", "Mixed", 4, "The claim is partly accurate and partly not, or leaves out important details."),
    ("misleading", "Misleading", 3, "The claim uses facts, but in a way that gives a false impression."),
    ("mostly_false", "Mostly false", 2, "The claim has an element of truth but ignores facts that would change it."),
    ("false", "False", 1, "The claim is not accurate."),
    ("unproven", "Unproven", None, "The evidence available can neither prove nor disprove the claim."),
]


# Editors manage the scale; reviewers read it.
GRANTS = {"Editors": ["view_ratinglevel", "add_ratinglevel", "change_ratinglevel", "delete_ratinglevel"],
          "Reviewers": ["view_ratinglevel"]}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("claims")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group, Permission = apps.get_model("auth", "Group"), apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="claims", codename__in=codenames))


def create_scale(apps, schema_editor):
    grant(apps, schema_editor)
    RatingLevel = apps.get_model("claims", "RatingLevel")
    for slug, label, value, description in STARTING_SCALE:
        RatingLevel.objects.update_or_create(slug=slug, defaults={"label": label, "value": value, "description": description})


def remove_scale(apps, schema_editor):
    apps.get_model("claims", "RatingLevel").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ('claims', '0007_check_worthiness_model'),
    ]

    operations = [
        migrations.CreateModel(
            name='RatingLevel',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.CharField(help_text='What API clients send and receive (false, mostly_true). Cannot change once a verdict uses it.', max_length=64, unique=True, validators=[django.core.validators.RegexValidator('^[a-z0-9]+(?:_[a-z0-9]+)*$', 'Lower-case letters and digits, words joined by _ (missing_context).')])),
                ('label', models.CharField(help_text='Shown to readers: "Mostly true".', max_length=64, unique=True)),
                ('description', models.TextField(blank=True, help_text='What the rating means, shown to readers with it.')),
                ('value', models.PositiveSmallIntegerField(blank=True, help_text='Its place on the scale (higher is truer; distinct), or empty for a rating that carries no value (Unproven).', null=True, unique=True, validators=[django.core.validators.MinValueValidator(1)])),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'verbose_name': 'rating',
                'verbose_name_plural': 'rating scale',
                'ordering': [models.OrderBy(models.F('value'), descending=True, nulls_last=True), 'label'],
            },
        ),
        migrations.RemoveConstraint(
            model_name='claim',
            name='claims_claim_rating_valid',
        ),
        migrations.RemoveConstraint(
            model_name='verdict',
            name='claims_verdict_rating_valid',
        ),
        migrations.AlterField(
            model_name='claim',
            name='rating',
            field=models.CharField(blank=True, editable=False, help_text="A slug of the rating scale (RatingLevel): the current verdict's.", max_length=64, null=True),
        ),
        migrations.AlterField(
            model_name='claimevent',
            name='rating',
            field=models.CharField(blank=True, editable=False, max_length=64, null=True),
        ),
        migrations.AlterField(
            model_name='verdict',
            name='rating',
            field=models.CharField(help_text='A slug of the rating scale (RatingLevel).', max_length=64),
        ),
        migrations.AddConstraint(
            model_name='ratinglevel',
            constraint=models.CheckConstraint(condition=models.Q(('value__isnull', True), ('value__gte', 1), _connector='OR'), name='claims_rating_value_positive'),
        ),
        migrations.AddConstraint(
            model_name='ratinglevel',
            constraint=models.CheckConstraint(condition=models.Q(('slug__regex', '^[a-z0-9]+(?:_[a-z0-9]+)*$')), name='claims_rating_slug_form'),
        ),
        migrations.AddConstraint(
            model_name='ratinglevel',
            constraint=models.CheckConstraint(condition=models.Q(('label', ''), _negated=True), name='claims_rating_label_not_blank'),
        ),
        migrations.AddField(
            model_name='claim',
            name='rating_level',
            field=models.ForeignObject(blank=True, editable=False, from_fields=['rating'], null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.ratinglevel', to_fields=['slug']),
        ),
        migrations.AddField(
            model_name='claimevent',
            name='rating_level',
            field=models.ForeignObject(blank=True, editable=False, from_fields=['rating'], null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.ratinglevel', to_fields=['slug']),
        ),
        migrations.AddField(
            model_name='verdict',
            name='rating_level',
            field=models.ForeignObject(blank=True, editable=False, from_fields=['rating'], null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.ratinglevel', to_fields=['slug']),
        ),
    
        migrations.RunPython(create_scale, remove_scale),
        migrations.RunSQL(
            "ALTER TABLE claims_claim ADD CONSTRAINT claims_claim_rating_on_scale FOREIGN KEY (rating) REFERENCES claims_ratinglevel (slug) "
            "ON UPDATE RESTRICT ON DELETE RESTRICT",
            "ALTER TABLE claims_claim DROP CONSTRAINT claims_claim_rating_on_scale",
        ),
        migrations.RunSQL(
            "ALTER TABLE claims_verdict ADD CONSTRAINT claims_verdict_rating_on_scale FOREIGN KEY (rating) REFERENCES claims_ratinglevel (slug) "
            "ON UPDATE RESTRICT ON DELETE RESTRICT",
            "ALTER TABLE claims_verdict DROP CONSTRAINT claims_verdict_rating_on_scale",
        ),
        migrations.RunSQL(
            "ALTER TABLE claims_claimevent ADD CONSTRAINT claims_claimevent_rating_on_scale FOREIGN KEY (rating) REFERENCES claims_ratinglevel (slug) "
            "ON UPDATE RESTRICT ON DELETE RESTRICT",
            "ALTER TABLE claims_claimevent DROP CONSTRAINT claims_claimevent_rating_on_scale",
        ),
    ]
