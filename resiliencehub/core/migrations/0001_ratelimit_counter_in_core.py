"""The rate-limit counter (ADR 0015) moves from intake to core, in the migration state only: its table `intake_ratelimitcounter` stays as it is, with its rows."""

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        # The table already exists: intake's migrations made it.
        ('intake', '0002_public_journey'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='RateLimitCounter',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('scope', models.CharField(max_length=40)),
                        ('key_hash', models.CharField(max_length=64)),
                        ('window_start', models.DateTimeField()),
                        ('count', models.PositiveIntegerField(default=0)),
                    ],
                    options={
                        'db_table': 'intake_ratelimitcounter',
                        'constraints': [models.UniqueConstraint(fields=('scope', 'key_hash', 'window_start'), name='unique_rate_window')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
