from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "resiliencehub.intake"
    label = "intake"
