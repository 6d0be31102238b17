from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "resiliencehub.audit"
    label = "audit"
