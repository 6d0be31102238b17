# The plan's pathway is stored as a code (see episodes 0002, ADR 0023).

from django.db import migrations, models

PATHWAYS = [
    ("self_help", "Self-help and psychoeducation"),
    ("guided_self_help", "Guided self-help"),
    ("step_2", "Low-intensity support (Step 2)"),
    ("step_3", "High-intensity therapy (Step 3)"),
    ("step_4", "High-intensity therapy (Step 4)"),
    ("group", "Group therapy"),
    ("pharmacological", "Pharmacological advice"),
    ("pastoral", "Pastoral pathway"),
    ("onward_referral", "Onward referral"),
]


class Migration(migrations.Migration):
    dependencies = [("triage", "0002_assessment_contactattempt_formulation_riskassessment")]

    operations = [
        migrations.RemoveField(model_name="assessment", name="plan_pathway"),
        migrations.AddField(
            model_name="assessment",
            name="plan_pathway",
            field=models.CharField(blank=True, choices=PATHWAYS, default="", max_length=32),
        ),
    ]
