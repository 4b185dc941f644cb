from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Portal"

    def ready(self):
        from allauth.mfa.signals import authenticator_added
        from celery.signals import task_success

        from .health import record_sweep_on_success
        from .logs import connect_celery, connect_request_signals
        from .two_factor import record_second_factor_on_enrolment

        authenticator_added.connect(
            record_second_factor_on_enrolment, dispatch_uid="core.two_factor.enrolment"
        )
        task_success.connect(record_sweep_on_success, dispatch_uid="core.health.sweeps")
        connect_celery()
        connect_request_signals()
