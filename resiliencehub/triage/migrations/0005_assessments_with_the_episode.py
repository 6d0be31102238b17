"""Assessments and formulations move to `episodes`, in the migration state only. No table changes."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('triage', '0004_records_move'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='formulation',
                    name='assessment',
                ),
                migrations.DeleteModel(
                    name='Assessment',
                ),
                migrations.DeleteModel(
                    name='Formulation',
                ),
            ],
            database_operations=[],
        ),
    ]
