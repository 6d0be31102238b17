from django.apps import AppConfig


class EpisodesConfig(AppConfig):
    name = "resiliencehub.episodes"
    label = "episodes"
