"""The shared clinical record moves to `records` (ADR 0034): first, in the migration state only, `intake.Client` loses its hub (so that `records.Client` can take the reverse name `clients`). No table changes."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('intake', '0002_public_journey'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='client',
                    name='hub',
                ),
            ],
            database_operations=[],
        ),
    ]
