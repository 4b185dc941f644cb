from django.apps import AppConfig


class SignatoriesConfig(AppConfig):
    name = "signatories"
    verbose_name = "Organisations and signatories"

    def ready(self):
        from commitments.publishing import register_new_version_handler
        from core.personal_data import (
            register_eraser_rule,
            register_erasure_handler,
            register_personal_data_source,
        )
        from core.roles import register_role_provider
        from core.todo import register_task_source

        from . import home, personal_data, services

        register_role_provider(kinds=home.ROLE_KINDS, rows=home.role_rows_of, roles=home.roles)
        register_task_source(home.tasks)
        # A new version of a compact lapses the signatures of the older text.
        register_new_version_handler(services.signatories_lapse_for_new_version)
        register_personal_data_source(personal_data.personal_data)
        register_erasure_handler(personal_data.erase)
        register_eraser_rule(personal_data.administrators_may_erase)
