"""Conflicts of interest and break glass join the shared record (ADR 0034), in the migration state only: their tables (`episodes_conflictofinterest`, `episodes_breakglass`) stay as they are."""

import django.db.models.deletion
import resiliencehub.core.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('hub', '0001_initial'),
        ('records', '0001_initial'),
        # The tables already exist: they were made by episodes' migrations.
        ('episodes', '0004_records_move'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='BreakGlass',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reason', resiliencehub.core.fields.EncryptedTextField()),
                        ('opened_at', models.DateTimeField()),
                        ('expires_at', models.DateTimeField()),
                        ('reviewed_at', models.DateTimeField(blank=True, null=True)),
                        ('review_note', resiliencehub.core.fields.EncryptedTextField(blank=True)),
                        ('client', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='records.client')),
                        ('hub', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='hub.hub')),
                        ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'episodes_breakglass',
                        'ordering': ['-opened_at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='ConflictOfInterest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reason', resiliencehub.core.fields.EncryptedTextField()),
                        ('recorded_at', models.DateTimeField()),
                        ('ended_at', models.DateTimeField(blank=True, null=True)),
                        ('client', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='conflicts_of_interest', to='records.client')),
                        ('hub', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='hub.hub')),
                        ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('staff', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'episodes_conflictofinterest',
                        'ordering': ['recorded_at', 'id'],
                        'indexes': [models.Index(fields=['staff', 'ended_at'], name='episodes_co_staff_i_c99269_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
