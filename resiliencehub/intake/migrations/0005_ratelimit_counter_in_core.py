"""The rate-limit counter moves to core, in the migration state only. No table changes."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('intake', '0004_records_move'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='RateLimitCounter',
                ),
            ],
            database_operations=[],
        ),
    ]
