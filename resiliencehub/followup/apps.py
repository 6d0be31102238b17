from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "resiliencehub.followup"
    label = "followup"
