from django.apps import AppConfig


class SignatoriesConfig(AppConfig):
    name = "signatories"
    verbose_name = "Organisations and signatories"

    def ready(self):
        from core.roles import register_role_provider
        from core.todo import register_task_source

        from . import home

        register_role_provider(kinds=home.ROLE_KINDS, rows=home.role_rows_of, roles=home.roles)
        register_task_source(home.tasks)
