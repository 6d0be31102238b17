"""Conflicts of interest and break glass move to `records` (ADR 0034), in the migration state only. No table changes."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('episodes', '0004_records_move'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='conflictofinterest',
                    name='client',
                ),
                migrations.RemoveField(
                    model_name='conflictofinterest',
                    name='hub',
                ),
                migrations.RemoveField(
                    model_name='conflictofinterest',
                    name='recorded_by',
                ),
                migrations.RemoveField(
                    model_name='conflictofinterest',
                    name='staff',
                ),
                migrations.DeleteModel(
                    name='BreakGlass',
                ),
                migrations.DeleteModel(
                    name='ConflictOfInterest',
                ),
            ],
            database_operations=[],
        ),
    ]
