from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = "Reminders"

    def ready(self):
        from core.panels import register_panel

        from . import selectors, sources

        sources.register()

        from core.health import register_sweep

        register_sweep(
            "reminders.tasks.sweep",
            name="reminders_sweep",
            limit_setting="HEALTH_REMINDERS_SWEEP_MAX_AGE",
        )
        register_panel(
            "organisation_dashboard",
            "reminders/_dashboard_panel.html",
            selectors.dashboard_panel_context,
        )

        from core.personal_data import register_personal_data_source

        from . import personal_data

        register_personal_data_source(personal_data.personal_data)
