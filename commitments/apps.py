from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "commitments"
    verbose_name = "Compacts and their commitments"

    def ready(self):
        from core.roles import register_role_provider

        from . import home

        register_role_provider(home.roles)
