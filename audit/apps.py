from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "History kept by the database"

    def ready(self):
        from .triggers import install_after_migrate

        # After every migrate, when every tracked table exists in its latest shape; the
        # installation is idempotent, so a renamed or new table is picked up next time.
        post_migrate.connect(install_after_migrate, sender=self, dispatch_uid="audit_triggers")
