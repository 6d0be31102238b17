from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "resiliencehub.core"
    label = "core"
    verbose_name = "Core"
