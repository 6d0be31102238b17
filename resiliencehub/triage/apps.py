from django.apps import AppConfig


class TriageConfig(AppConfig):
    name = "resiliencehub.triage"
    label = "triage"
