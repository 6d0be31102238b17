"""Episodes point at the moved shared record (ADR 0034), in the migration state only. No table changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('episodes', '0003_measure_link_email'),
        ('records', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='breakglass',
                    name='client',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='records.client'),
                ),
                migrations.AlterField(
                    model_name='conflictofinterest',
                    name='client',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='conflicts_of_interest', to='records.client'),
                ),
                migrations.AlterField(
                    model_name='episode',
                    name='client',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='episodes', to='records.client'),
                ),
                migrations.AlterField(
                    model_name='episode',
                    name='referral',
                    field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='episode', to='records.referral'),
                ),
                migrations.AlterField(
                    model_name='sessionmeasure',
                    name='response',
                    field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='session_measure', to='records.measureresponse'),
                ),
            ],
            database_operations=[],
        ),
    ]
