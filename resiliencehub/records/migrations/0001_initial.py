"""The shared clinical record (ADR 0034): the models that lived in `intake` and `triage`, declared here in the migration state only. Their tables (`intake_client`, `triage_riskalert`, ...) stay as they are, so no data moves."""

import django.db.models.deletion
import resiliencehub.core.fields
import resiliencehub.records.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('hub', '0001_initial'),
        # The tables already exist: they were made by intake's and triage's migrations.
        ('intake', '0003_records_move_client_hub'),
        ('triage', '0003_plan_pathway_code'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Client',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('full_name', resiliencehub.core.fields.EncryptedTextField()),
                        ('preferred_name', resiliencehub.core.fields.EncryptedTextField(blank=True)),
                        ('email', resiliencehub.core.fields.EncryptedTextField(blank=True)),
                        ('email_lookup', models.CharField(blank=True, db_index=True, max_length=64)),
                        ('phone', resiliencehub.core.fields.EncryptedTextField(blank=True)),
                        ('may_email', models.BooleanField(default=False)),
                        ('may_text', models.BooleanField(default=False)),
                        ('may_leave_voicemail', models.BooleanField(default=False)),
                        ('contact_notes', resiliencehub.core.fields.EncryptedTextField(blank=True)),
                        ('employer', resiliencehub.core.fields.EncryptedTextField(blank=True)),
                        ('research_consent', models.BooleanField(default=False)),
                        ('pseudonym', models.CharField(default=resiliencehub.records.models.new_pseudonym, max_length=20, unique=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('hub', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='clients', to='hub.hub')),
                    ],
                    options={
                        'db_table': 'intake_client',
                    },
                ),
                migrations.CreateModel(
                    name='MeasureResponse',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('instrument_id', models.CharField(max_length=40)),
                        ('instrument_version', models.CharField(max_length=20)),
                        ('answers', resiliencehub.core.fields.EncryptedJSONField()),
                        ('total', models.SmallIntegerField(null=True)),
                        ('total_exact', models.CharField(blank=True, max_length=32)),
                        ('band', models.CharField(blank=True, max_length=40)),
                        ('complete', models.BooleanField()),
                        ('prorated', models.BooleanField(default=False)),
                        ('caseness', models.BooleanField(null=True)),
                        ('risk', models.BooleanField(default=False)),
                        ('risk_items', models.JSONField(default=list)),
                        ('scores', models.JSONField(default=dict, help_text='The full scoring result when stored.')),
                        ('completed_at', models.DateTimeField(db_index=True)),
                        ('source', models.CharField(choices=[('client', 'Completed by the client'), ('clinician', 'Entered by a clinician')], max_length=16)),
                        ('client', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='measure_responses', to='records.client')),
                        ('entered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('hub', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='measure_responses', to='hub.hub')),
                    ],
                    options={
                        'db_table': 'intake_measureresponse',
                        'ordering': ['completed_at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='Referral',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reference', models.CharField(default=resiliencehub.records.models.new_reference, max_length=16, unique=True)),
                        ('status', models.CharField(choices=[('submitted', 'New referral'), ('awaiting_questionnaires', 'Accepted, questionnaires sent'), ('accepted', 'Accepted'), ('declined', 'Declined'), ('merged', 'Merged into another referral'), ('withdrawn', 'Withdrawn by the client')], default='submitted', max_length=32)),
                        ('submitted_at', models.DateTimeField()),
                        ('returning', models.BooleanField(default=False)),
                        ('campaign_code', models.CharField(blank=True, db_index=True, max_length=40)),
                        ('sector', models.CharField(blank=True, db_index=True, max_length=32)),
                        ('staff_group', models.CharField(blank=True, max_length=64)),
                        ('age_band', models.CharField(blank=True, max_length=16)),
                        ('critical_care', models.BooleanField(null=True)),
                        ('has_risk', models.BooleanField(db_index=True, default=False)),
                        ('domains_above_threshold', models.PositiveSmallIntegerField(null=True)),
                        ('first_assessed_at', models.DateTimeField(blank=True, null=True)),
                        ('client', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='referrals', to='records.client')),
                        ('hub', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='referrals', to='hub.hub')),
                        ('merged_into', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='merged_referrals', to='records.referral')),
                        ('previous', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='later_referrals', to='records.referral')),
                    ],
                    options={
                        'db_table': 'intake_referral',
                        'ordering': ['-submitted_at'],
                    },
                ),
                migrations.CreateModel(
                    name='ReferralStatusChange',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('changed_at', models.DateTimeField()),
                        ('actor_label', models.CharField(max_length=150)),
                        ('reason', resiliencehub.core.fields.EncryptedTextField(blank=True)),
                        ('from_status', models.CharField(blank=True, choices=[('submitted', 'New referral'), ('awaiting_questionnaires', 'Accepted, questionnaires sent'), ('accepted', 'Accepted'), ('declined', 'Declined'), ('merged', 'Merged into another referral'), ('withdrawn', 'Withdrawn by the client')], max_length=32)),
                        ('to_status', models.CharField(choices=[('submitted', 'New referral'), ('awaiting_questionnaires', 'Accepted, questionnaires sent'), ('accepted', 'Accepted'), ('declined', 'Declined'), ('merged', 'Merged into another referral'), ('withdrawn', 'Withdrawn by the client')], max_length=32)),
                        ('changed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('referral', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='status_changes', to='records.referral')),
                    ],
                    options={
                        'db_table': 'intake_referralstatuschange',
                    },
                ),
                migrations.CreateModel(
                    name='RiskAlert',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reason', resiliencehub.core.fields.EncryptedTextField(help_text='Which answers raised the alert, in words.')),
                        ('callback_phone', resiliencehub.core.fields.EncryptedTextField(blank=True, help_text='A number left by someone screening anonymously.')),
                        ('raised_at', models.DateTimeField(db_index=True)),
                        ('status', models.CharField(choices=[('open', 'Waiting for the duty clinician'), ('acknowledged', 'Acknowledged'), ('contacting', 'Contacting the client'), ('assessed', 'Risk assessed'), ('closed', 'Closed')], default='open', max_length=16)),
                        ('acknowledged_at', models.DateTimeField(blank=True, null=True)),
                        ('closed_at', models.DateTimeField(blank=True, null=True)),
                        ('acknowledged_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('client', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='risk_alerts', to='records.client')),
                        ('hub', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='risk_alerts', to='hub.hub')),
                        ('referral', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='risk_alerts', to='records.referral')),
                        ('response', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='risk_alerts', to='records.measureresponse')),
                    ],
                    options={
                        'db_table': 'triage_riskalert',
                        'ordering': ['raised_at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='RiskAlertEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('open', 'Waiting for the duty clinician'), ('acknowledged', 'Acknowledged'), ('contacting', 'Contacting the client'), ('assessed', 'Risk assessed'), ('closed', 'Closed')], max_length=16)),
                        ('occurred_at', models.DateTimeField()),
                        ('actor_label', models.CharField(max_length=150)),
                        ('note', resiliencehub.core.fields.EncryptedTextField(blank=True)),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('alert', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='records.riskalert')),
                    ],
                    options={
                        'db_table': 'triage_riskalertevent',
                        'ordering': ['occurred_at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='Screening',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('self_assessment', 'Self-assessment'), ('referral', 'Screening with a referral'), ('pre_assessment', 'Questionnaires before assessment'), ('returning', 'Returning client')], max_length=20)),
                        ('submitted_at', models.DateTimeField()),
                        ('profile', models.JSONField(blank=True, default=dict, help_text='Coded demographic and occupational answers.')),
                        ('free_text', resiliencehub.core.fields.EncryptedJSONField(blank=True, null=True)),
                        ('has_risk', models.BooleanField(default=False)),
                        ('domains_above_threshold', models.PositiveSmallIntegerField(default=0)),
                        ('campaign_code', models.CharField(blank=True, max_length=40)),
                        ('client', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='screenings', to='records.client')),
                        ('hub', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='screenings', to='hub.hub')),
                        ('referral', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='screenings', to='records.referral')),
                    ],
                    options={
                        'db_table': 'intake_screening',
                        'ordering': ['-submitted_at'],
                    },
                ),
                migrations.AddField(
                    model_name='riskalert',
                    name='screening',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='risk_alerts', to='records.screening'),
                ),
                migrations.AddField(
                    model_name='measureresponse',
                    name='screening',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='responses', to='records.screening'),
                ),
                migrations.AddIndex(
                    model_name='client',
                    index=models.Index(fields=['hub', 'email_lookup'], name='intake_clie_hub_id_b237d6_idx'),
                ),
                migrations.AddIndex(
                    model_name='referral',
                    index=models.Index(fields=['hub', 'status', 'submitted_at'], name='intake_refe_hub_id_bebcd8_idx'),
                ),
                migrations.AddIndex(
                    model_name='riskalert',
                    index=models.Index(fields=['hub', 'status', 'raised_at'], name='triage_risk_hub_id_b1687c_idx'),
                ),
                migrations.AddIndex(
                    model_name='measureresponse',
                    index=models.Index(fields=['hub', 'instrument_id', 'completed_at'], name='intake_meas_hub_id_f65480_idx'),
                ),
                migrations.AddIndex(
                    model_name='measureresponse',
                    index=models.Index(fields=['client', 'instrument_id', 'completed_at'], name='intake_meas_client__2d5ad4_idx'),
                ),
            ],
            database_operations=[],
        ),
    ]
