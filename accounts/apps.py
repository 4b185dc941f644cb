from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "People and sign-in"

    def ready(self):
        from core.personal_data import register_erasure_handler, register_personal_data_source

        from . import personal_data

        register_personal_data_source(personal_data.personal_data)
        register_erasure_handler(personal_data.erase)
