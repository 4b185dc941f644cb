from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "commitments"
    verbose_name = "Compacts and their commitments"

    def ready(self):
        from core.panels import register_panel
        from core.personal_data import (
            register_eraser_rule,
            register_erasure_handler,
            register_personal_data_source,
        )
        from core.roles import register_role_provider
        from core.two_factor import register_two_factor_rule

        from . import home, personal_data
        from .permissions import steering_group_two_factor_reason

        register_role_provider(kinds=home.ROLE_KINDS, rows=home.role_rows_of, roles=home.roles)
        register_panel("portal_home", "commitments/_home_compacts.html", home.front_page_compacts)
        register_two_factor_rule(steering_group_two_factor_reason)
        register_personal_data_source(personal_data.personal_data)
        register_eraser_rule(personal_data.steering_group_may_erase)
        register_erasure_handler(personal_data.erase)
