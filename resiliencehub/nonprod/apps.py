from django.apps import AppConfig


class NonprodConfig(AppConfig):
    name = "resiliencehub.nonprod"
    label = "nonprod"
