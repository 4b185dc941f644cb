from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Self-assessment, action plans and annual reports"

    def ready(self):
        from core.todo import register_task_source

        from . import home

        register_task_source(home.tasks)

        from core.panels import register_panel

        from .panels import dashboard_panel

        register_panel("organisation_dashboard", "reviews/_dashboard_panel.html", dashboard_panel)

        from core.page_cache import register_after_change

        from .report import annual_report_prepare_after_change

        register_after_change(annual_report_prepare_after_change)

        from core.personal_data import register_erasure_handler, register_personal_data_source

        from . import personal_data

        register_personal_data_source(personal_data.personal_data)
        register_erasure_handler(personal_data.erase)
