"""An alert's history joins the shared status-row shape (core.models.StatusChange): the
event rows become RiskAlertStatusChange rows in the same table, their columns renamed
(occurred_at → changed_at, actor → changed_by, note → reason, status → to_status), and
each row's from_status filled from the row before it. Reversible: back, the columns take
their old names and from_status is dropped (it is derived from the order of the rows)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

ALERT_STATUSES = [
    ("open", "Waiting for the duty clinician"),
    ("acknowledged", "Acknowledged"),
    ("contacting", "Contacting the client"),
    ("assessed", "Risk assessed"),
    ("closed", "Closed"),
]


def fill_from_status(apps, schema_editor):
    rows = apps.get_model("records", "RiskAlertStatusChange")
    previous: dict[int, str] = {}
    changed = []
    for row in rows.objects.order_by("alert_id", "changed_at", "id").only(
        "id", "alert_id", "to_status"
    ):
        row.from_status = previous.get(row.alert_id, "")
        previous[row.alert_id] = row.to_status
        if row.from_status:
            changed.append(row)
    rows.objects.bulk_update(changed, ["from_status"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0003_screening_feedback_sent_at"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("RiskAlertEvent", "RiskAlertStatusChange"),
        migrations.RenameField("riskalertstatuschange", "occurred_at", "changed_at"),
        migrations.RenameField("riskalertstatuschange", "actor", "changed_by"),
        migrations.RenameField("riskalertstatuschange", "note", "reason"),
        migrations.RenameField("riskalertstatuschange", "status", "to_status"),
        migrations.AlterField(
            model_name="riskalertstatuschange",
            name="alert",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="status_changes",
                to="records.riskalert",
            ),
        ),
        migrations.AddField(
            model_name="riskalertstatuschange",
            name="from_status",
            field=models.CharField(blank=True, choices=ALERT_STATUSES, default="", max_length=16),
            preserve_default=False,
        ),
        migrations.AlterModelOptions(
            name="riskalertstatuschange", options={"ordering": ["changed_at", "id"]}
        ),
        migrations.RunPython(fill_from_status, migrations.RunPython.noop, elidable=True),
    ]
