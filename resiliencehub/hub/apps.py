from django.apps import AppConfig


class HubConfig(AppConfig):
    name = "resiliencehub.hub"
    label = "hub"
