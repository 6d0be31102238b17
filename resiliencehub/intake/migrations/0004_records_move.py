"""The shared clinical record moves to `records` (ADR 0034): the journey's links point at `records` and `intake` stops declaring the moved models, in the migration state only. No table changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('episodes', '0004_records_move'),
        ('intake', '0003_records_move_client_hub'),
        ('records', '0001_initial'),
        ('triage', '0004_records_move'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='journey',
                    name='client',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='journeys', to='records.client'),
                ),
                migrations.AlterField(
                    model_name='accesslink',
                    name='client',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='access_links', to='records.client'),
                ),
                migrations.RemoveField(
                    model_name='referral',
                    name='client',
                ),
                migrations.RemoveField(
                    model_name='measureresponse',
                    name='client',
                ),
                migrations.RemoveField(
                    model_name='screening',
                    name='client',
                ),
                migrations.RemoveField(
                    model_name='measureresponse',
                    name='entered_by',
                ),
                migrations.RemoveField(
                    model_name='measureresponse',
                    name='hub',
                ),
                migrations.RemoveField(
                    model_name='measureresponse',
                    name='screening',
                ),
                migrations.AlterField(
                    model_name='journeyresponse',
                    name='response',
                    field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='journey_link', to='records.measureresponse'),
                ),
                migrations.RemoveField(
                    model_name='referral',
                    name='hub',
                ),
                migrations.RemoveField(
                    model_name='referral',
                    name='merged_into',
                ),
                migrations.RemoveField(
                    model_name='referral',
                    name='previous',
                ),
                migrations.RemoveField(
                    model_name='screening',
                    name='referral',
                ),
                migrations.AlterField(
                    model_name='accesslink',
                    name='referral',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='access_links', to='records.referral'),
                ),
                migrations.AlterField(
                    model_name='journey',
                    name='referral',
                    field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='journey', to='records.referral'),
                ),
                migrations.RemoveField(
                    model_name='referralstatuschange',
                    name='referral',
                ),
                migrations.AlterField(
                    model_name='journey',
                    name='invited_for',
                    field=models.ForeignKey(blank=True, help_text='The accepted referral whose questionnaires this journey completes.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='questionnaire_journeys', to='records.referral'),
                ),
                migrations.RemoveField(
                    model_name='referralstatuschange',
                    name='changed_by',
                ),
                migrations.RemoveField(
                    model_name='screening',
                    name='hub',
                ),
                migrations.AlterField(
                    model_name='journey',
                    name='screening',
                    field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='journey', to='records.screening'),
                ),
                migrations.DeleteModel(
                    name='Client',
                ),
                migrations.DeleteModel(
                    name='MeasureResponse',
                ),
                migrations.DeleteModel(
                    name='Referral',
                ),
                migrations.DeleteModel(
                    name='ReferralStatusChange',
                ),
                migrations.DeleteModel(
                    name='Screening',
                ),
            ],
            database_operations=[],
        ),
    ]
