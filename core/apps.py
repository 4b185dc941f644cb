from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Portal"

    def ready(self):
        from allauth.mfa.signals import authenticator_added

        from .two_factor import record_second_factor_on_enrolment

        authenticator_added.connect(
            record_second_factor_on_enrolment, dispatch_uid="core.two_factor.enrolment"
        )
