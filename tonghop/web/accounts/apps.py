from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tonghop.web.accounts"
    label = "accounts"
    verbose_name = "Người dùng"
