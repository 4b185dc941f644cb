from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = "Outbox"

    def ready(self):
        from core.emails import register_email_queue

        from .services import email_queue

        register_email_queue(email_queue)
