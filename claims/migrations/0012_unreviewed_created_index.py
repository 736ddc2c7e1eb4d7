"""The dashboard's oldest unreviewed check-worthy claims from an index of unreviewed claims by age.

With claims_claim_created alone, PostgreSQL walked every claim from the oldest, reviewed or not, until
it had found ten unreviewed check-worthy ones: in a newsroom that has cleared its old claims, most of
the table. Built CONCURRENTLY, as 0005 and 0011, so a big table keeps taking writes while it builds.
"""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ('claims', '0011_published_rating_index'),
    ]

    operations = [
        AddIndexConcurrently(
            model_name='claim',
            index=models.Index(condition=models.Q(('status', 'unreviewed')), fields=['created_at', 'id'],
                               name='claims_claim_unreviewed_age'),
        ),
    ]
