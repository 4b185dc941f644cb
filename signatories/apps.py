from django.apps import AppConfig


class SignatoriesConfig(AppConfig):
    name = "signatories"
    verbose_name = "Organisations and signatories"

    def ready(self):
        from commitments.publishing import register_new_version_handler
        from core.roles import register_role_provider
        from core.todo import register_task_source

        from . import home, services

        register_role_provider(kinds=home.ROLE_KINDS, rows=home.role_rows_of, roles=home.roles)
        register_task_source(home.tasks)
        # A new version of a compact lapses the signatures of the older text.
        register_new_version_handler(services.signatories_lapse_for_new_version)
