from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "resiliencehub.records"
    label = "records"
    verbose_name = "Shared clinical record"
