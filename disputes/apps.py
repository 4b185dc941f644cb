from django.apps import AppConfig


class DisputesConfig(AppConfig):
    name = "disputes"
    verbose_name = "Concerns and disputes"

    def ready(self):
        from core.roles import register_role_provider
        from core.todo import register_task_source

        from . import home

        register_role_provider(kinds=home.ROLE_KINDS, rows=home.role_rows_of, roles=home.roles)
        register_task_source(home.tasks)

        from core.panels import register_panel
        from core.succession import register_succession_handler

        from .panels import organisation_dashboard_panel, privacy_notice_panel
        from .services import cases_hand_over

        # Cases are confidential: a panel on the dashboard only, never on "organisation_public".
        register_panel(
            "organisation_dashboard",
            "disputes/panels/organisation_dashboard.html",
            organisation_dashboard_panel,
        )
        # The privacy notice states each compact's retention period for closed concerns.
        register_panel(
            "privacy_notice", "disputes/panels/privacy_notice.html", privacy_notice_panel
        )
        # When a body is taken over, its open cases continue with the successor.
        register_succession_handler(cases_hand_over)

        from core.personal_data import register_erasure_handler, register_personal_data_source

        from . import personal_data

        register_personal_data_source(personal_data.personal_data)
        register_erasure_handler(personal_data.erase)
