"""Indexes for a million claims (issue 6): the admin's review order, per-article counts, article lists.

Built CONCURRENTLY so that a big production table keeps taking writes while they build.
"""

from django.conf import settings
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ('claims', '0004_review_groups'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        AddIndexConcurrently(
            model_name='article',
            index=models.Index(fields=['-created_at', '-id'], name='claims_article_created'),
        ),
        AddIndexConcurrently(
            model_name='claim',
            index=models.Index(models.Case(models.When(status='unreviewed', then=models.Value(0)), default=models.Value(1), output_field=models.IntegerField()), models.OrderBy(models.F('check_worthiness'), descending=True), models.OrderBy(models.F('id'), descending=True), name='claims_claim_review_order'),
        ),
        AddIndexConcurrently(
            model_name='claim',
            index=models.Index(fields=['article', 'status'], name='claims_claim_article_status'),
        ),
    ]
