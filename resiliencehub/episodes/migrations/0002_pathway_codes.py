# Pathways are stored as codes: a hub's PathwayOffer rows are replaced whenever its
# configuration file is reloaded, so history cannot hold keys to them (ADR 0023).

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
    dependencies = [("episodes", "0001_initial")]

    operations = [
        migrations.RemoveField(model_name="episode", name="pathway"),
        migrations.AddField(
            model_name="episode",
            name="pathway",
            field=models.CharField(
                blank=True, choices=PATHWAYS, default="", help_text="The current step.",
                max_length=32,
            ),
        ),
        migrations.RemoveField(model_name="episodestatuschange", name="pathway"),
        migrations.AddField(
            model_name="episodestatuschange",
            name="pathway",
            field=models.CharField(blank=True, choices=PATHWAYS, default="", max_length=32),
        ),
    ]
