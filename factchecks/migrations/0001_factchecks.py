"""Imported fact-checks, their publishers and the mapping of publishers' ratings to the scale (issue 16).
Foreign keys in the database tie every stored rating to a row of the scale, as claims migration 0008 does."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('claims', '0009_public_site_indexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='Publisher',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200)),
                ('site', models.CharField(help_text='The review URLs\' host without "www.", lower-case (snopes.com).', max_length=255, unique=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'ordering': ['name', 'site'],
                'constraints': [models.CheckConstraint(condition=models.Q(('site', django.db.models.functions.text.Lower('site'))), name='factchecks_publisher_site_lower'), models.CheckConstraint(condition=models.Q(('site', ''), _negated=True), name='factchecks_publisher_site_not_blank')],
            },
        ),
        migrations.CreateModel(
            name='FactCheck',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(help_text='The review URL (normalised), or a dataset key (liar:2635.json).', max_length=2100, unique=True)),
                ('url', models.CharField(blank=True, help_text='The review URL, when known.', max_length=2000)),
                ('title', models.TextField(blank=True)),
                ('claim_reviewed', models.TextField()),
                ('claimant', models.CharField(blank=True, max_length=500)),
                ('claim_date', models.DateTimeField(blank=True, null=True)),
                ('review_date', models.DateTimeField(blank=True, null=True)),
                ('textual_rating', models.CharField(blank=True, help_text="The publisher's own rating (Pants on Fire).", max_length=200)),
                ('rating', models.CharField(blank=True, help_text="The textual rating on ClaimTracker's scale (RatingLevel slug), through RatingMapping.", max_length=64, null=True)),
                ('language', models.CharField(blank=True, help_text='ISO 639-1 (en), when known.', max_length=8)),
                ('source', models.CharField(help_text='Which import: liar, snopes-claim-retrieval, claimreview.', max_length=64)),
                ('imported_at', models.DateTimeField(auto_now_add=True)),
                ('search_vector', models.GeneratedField(db_persist=True, expression=django.contrib.postgres.search.SearchVector('claim_reviewed', config='english'), output_field=django.contrib.postgres.search.SearchVectorField())),
                ('rating_level', models.ForeignObject(blank=True, editable=False, from_fields=['rating'], null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.ratinglevel', to_fields=['slug'])),
                ('publisher', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='fact_checks', to='factchecks.publisher')),
            ],
            options={
                'ordering': [models.OrderBy(models.F('review_date'), descending=True, nulls_last=True), '-id'],
                'indexes': [models.Index(models.OrderBy(models.F('review_date'), descending=True, nulls_last=True), models.OrderBy(models.F('id'), descending=True), name='factchecks_review_date'), models.Index(fields=['publisher', '-review_date'], name='factchecks_publisher_date'), models.Index(fields=['rating'], name='factchecks_rating'), models.Index(fields=['language'], name='factchecks_language'), django.contrib.postgres.indexes.GinIndex(fields=['search_vector'], name='factchecks_search'), django.contrib.postgres.indexes.GinIndex(fields=['claim_reviewed'], name='factchecks_claim_trgm', opclasses=['gin_trgm_ops'])],
                'constraints': [models.CheckConstraint(condition=models.Q(('key', ''), _negated=True), name='factchecks_factcheck_key_not_blank')],
            },
        ),
        migrations.CreateModel(
            name='RatingMapping',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('label', models.CharField(help_text="A publisher's textual rating, case-folded, spaces collapsed (pants on fire).", max_length=200, unique=True)),
                ('rating', models.CharField(blank=True, help_text="Its rating on ClaimTracker's scale, or empty: kept as text only.", max_length=64, null=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('rating_level', models.ForeignObject(blank=True, editable=False, from_fields=['rating'], null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.ratinglevel', to_fields=['slug'])),
            ],
            options={
                'ordering': ['label'],
                'constraints': [models.CheckConstraint(condition=models.Q(('label', ''), _negated=True), name='factchecks_ratingmapping_label_not_blank')],
            },
        ),
        migrations.RunSQL(
            "ALTER TABLE factchecks_factcheck ADD CONSTRAINT factchecks_factcheck_rating_on_scale FOREIGN KEY (rating) "
            "REFERENCES claims_ratinglevel (slug) ON UPDATE RESTRICT ON DELETE RESTRICT",
            "ALTER TABLE factchecks_factcheck DROP CONSTRAINT factchecks_factcheck_rating_on_scale",
        ),
        migrations.RunSQL(
            "ALTER TABLE factchecks_ratingmapping ADD CONSTRAINT factchecks_ratingmapping_rating_on_scale FOREIGN KEY (rating) "
            "REFERENCES claims_ratinglevel (slug) ON UPDATE RESTRICT ON DELETE RESTRICT",
            "ALTER TABLE factchecks_ratingmapping DROP CONSTRAINT factchecks_ratingmapping_rating_on_scale",
        ),
    ]
