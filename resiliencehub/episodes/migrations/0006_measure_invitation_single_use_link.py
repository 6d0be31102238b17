"""Measure links become `records.links.SingleUseLink`s (ADR 0035): `completed_at` is
renamed `used_at` and `emailed_at` `sent_at` (the data kept), and a measure link gets the
`purpose` ("measures") and `revoked_at` every single-use link has."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("episodes", "0005_records_access"),
    ]

    operations = [
        migrations.RenameField(
            model_name="measureinvitation", old_name="completed_at", new_name="used_at"
        ),
        migrations.RenameField(
            model_name="measureinvitation", old_name="emailed_at", new_name="sent_at"
        ),
        migrations.AddField(
            model_name="measureinvitation",
            name="purpose",
            field=models.CharField(default="measures", editable=False, max_length=20),
        ),
        migrations.AddField(
            model_name="measureinvitation",
            name="revoked_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="measureinvitation",
            name="nonce",
            field=models.CharField(max_length=32),
        ),
        migrations.AlterField(
            model_name="measureinvitation",
            name="token_hash",
            field=models.CharField(blank=True, max_length=64, null=True, unique=True),
        ),
    ]
