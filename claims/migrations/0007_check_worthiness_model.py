"""Which model scored each claim, and when: ingest stores the fast linear score, and the precise
encoder re-scores in the background. Claims stored before this were scored by the linear model
(cw-en-linear-1) when they were created, so that is what they record, and the re-scorer finds them.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0006_linear_span_check'),
    ]

    operations = [
        migrations.AddField(
            model_name='claim',
            name='check_worthiness_model',
            field=models.CharField(default='reviewer', help_text='The model that gave check_worthiness, or "reviewer".', max_length=64),
        ),
        migrations.AddField(
            model_name='claim',
            name='check_worthiness_scored_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunSQL(
            "UPDATE claims_claim SET check_worthiness_model = 'cw-en-linear-1', check_worthiness_scored_at = created_at",
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
