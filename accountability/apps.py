from django.apps import AppConfig


class AccountabilityConfig(AppConfig):
    name = "accountability"
    verbose_name = "Funding changes and consultations"

    def ready(self):
        from core.roles import register_role_provider
        from core.todo import register_task_source

        from . import home

        register_role_provider(kinds=home.ROLE_KINDS, rows=home.role_rows_of, roles=home.roles)
        register_task_source(home.tasks)

        from core.panels import register_panel
        from core.succession import register_succession_handler

        from . import panels, services

        register_succession_handler(services.open_matters_hand_over)
        register_panel(
            "organisation_dashboard",
            "accountability/panels/dashboard.html",
            panels.dashboard_context,
        )
        register_panel(
            "organisation_public", "accountability/panels/public_record.html", panels.public_context
        )

        from core.personal_data import register_erasure_handler, register_personal_data_source

        from . import personal_data

        register_personal_data_source(personal_data.personal_data)
        register_erasure_handler(personal_data.erase)
