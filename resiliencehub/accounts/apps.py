from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "resiliencehub.accounts"
    label = "accounts"
