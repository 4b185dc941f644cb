from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Portal"

    def ready(self):
        from allauth.mfa.signals import authenticator_added
        from celery.signals import task_success
        from django.core.checks import register

        from .checks import mail_is_delivered
        from .health import record_sweep_on_success
        from .logs import connect_celery, connect_request_signals
        from .two_factor import record_second_factor_on_enrolment

        register(mail_is_delivered, deploy=True)

        authenticator_added.connect(
            record_second_factor_on_enrolment, dispatch_uid="core.two_factor.enrolment"
        )
        task_success.connect(record_sweep_on_success, dispatch_uid="core.health.sweeps")
        connect_celery()
        connect_request_signals()
