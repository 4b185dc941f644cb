from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = "Outbox"

    def ready(self):
        from core.emails import register_email_queue
        from core.health import register_health_check, register_sweep
        from core.metrics import register_collector
        from core.personal_data import register_erasure_handler, register_personal_data_source
        from core.todo import register_task_source

        from . import home, personal_data
        from .health import oldest_undelivered_email
        from .metrics import OutboxCollector
        from .services import email_queue

        register_email_queue(email_queue)
        register_task_source(home.tasks)
        register_health_check("oldest_undelivered_email", oldest_undelivered_email)
        register_sweep(
            "outbox.tasks.sweep", name="outbox_sweep", limit_setting="HEALTH_OUTBOX_SWEEP_MAX_AGE"
        )
        register_collector(OutboxCollector())
        register_personal_data_source(personal_data.personal_data)
        register_erasure_handler(personal_data.erase)
