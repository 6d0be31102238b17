"""A screening records when its feedback email was sent, so it is sent once (ADR 0035)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0002_records_access"),
    ]

    operations = [
        migrations.AddField(
            model_name="screening",
            name="feedback_sent_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When the feedback email was sent (it is sent once).",
                null=True,
            ),
        ),
    ]
