"""Assessments and their formulations join the episode they belong to (ADR 0034), in the migration state only: their tables (`triage_assessment`, `triage_formulation`) stay as they are."""

import django.db.models.deletion
import resiliencehub.core.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        # The tables already exist: triage's migrations made them.
        ('triage', '0004_records_move'),
        ('episodes', '0006_measure_invitation_single_use_link'),
        ('hub', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Assessment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('brief', 'Shorter assessment (first stage)'), ('in_depth', 'In-depth assessment')], max_length=16)),
                        ('assessed_at', models.DateTimeField()),
                        ('duration_minutes', models.PositiveSmallIntegerField()),
                        ('mode', models.CharField(choices=[('virtual', 'Virtual (video or phone)'), ('face_to_face', 'Face to face')], max_length=16)),
                        ('summary', resiliencehub.core.fields.EncryptedTextField(help_text='What was assessed and concluded, in brief.')),
                        ('outcome', models.CharField(choices=[('plan', 'A plan was agreed'), ('in_depth_needed', 'An in-depth assessment is needed'), ('no_further_support', 'No further support needed from the hub')], max_length=24)),
                        ('plan_pathway', models.CharField(blank=True, choices=[('self_help', 'Self-help and psychoeducation'), ('guided_self_help', 'Guided self-help'), ('step_2', 'Low-intensity support (Step 2)'), ('step_3', 'High-intensity therapy (Step 3)'), ('step_4', 'High-intensity therapy (Step 4)'), ('group', 'Group therapy'), ('pharmacological', 'Pharmacological advice'), ('pastoral', 'Pastoral pathway'), ('onward_referral', 'Onward referral')], default='', max_length=32)),
                        ('plan_notes', resiliencehub.core.fields.EncryptedTextField(blank=True)),
                        ('recorded_at', models.DateTimeField()),
                        ('assessed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('episode', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='assessments', to='episodes.episode')),
                        ('hub', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='assessments', to='hub.hub')),
                    ],
                    options={
                        'db_table': 'triage_assessment',
                        'ordering': ['assessed_at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='Formulation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('presenting_difficulties', resiliencehub.core.fields.EncryptedTextField()),
                        ('predisposing', resiliencehub.core.fields.EncryptedTextField(blank=True)),
                        ('precipitating', resiliencehub.core.fields.EncryptedTextField(blank=True)),
                        ('perpetuating', resiliencehub.core.fields.EncryptedTextField(blank=True)),
                        ('protective', resiliencehub.core.fields.EncryptedTextField(blank=True)),
                        ('strengths', resiliencehub.core.fields.EncryptedTextField(blank=True)),
                        ('goals', resiliencehub.core.fields.EncryptedTextField(blank=True)),
                        ('assessment', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='formulation', to='episodes.assessment')),
                    ],
                    options={
                        'db_table': 'triage_formulation',
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
