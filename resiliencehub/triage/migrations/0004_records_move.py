"""The risk alert and its events move to `records` (ADR 0034), in the migration state only. No table changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('records', '0001_initial'),
        ('triage', '0003_plan_pathway_code'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='riskassessment',
                    name='alert',
                    field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='risk_assessment', to='records.riskalert'),
                ),
                migrations.RemoveField(
                    model_name='riskalertevent',
                    name='alert',
                ),
                migrations.AlterField(
                    model_name='contactattempt',
                    name='alert',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='contact_attempts', to='records.riskalert'),
                ),
                migrations.RemoveField(
                    model_name='riskalertevent',
                    name='actor',
                ),
                migrations.AlterField(
                    model_name='riskassessment',
                    name='client',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='risk_assessments', to='records.client'),
                ),
                migrations.DeleteModel(
                    name='RiskAlert',
                ),
                migrations.DeleteModel(
                    name='RiskAlertEvent',
                ),
            ],
            database_operations=[],
        ),
    ]
