"""Loads the demo content for the embedded run: each app's `demo.load(stdout)`, in app order.

Every app's loader must be safe to run again: it finds what it made last time and
leaves it (and anything people added since) alone.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

# Demo content tells nobody: the services that make it would otherwise e-mail the
# demo people, burying the list of demo accounts (or, on a real server, sending mail).
SILENT_MAILERS = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}


class Command(BaseCommand):
    help = "Load the demo compacts, organisations and accounts (safe to run again)."

    @override_settings(MAILERS=SILENT_MAILERS)
    def handle(self, *args, **options):
        for app_config in apps.get_app_configs():
            module_name = f"{app_config.name}.demo"
            if find_spec(module_name) is None:
                continue
            with transaction.atomic():
                import_module(module_name).load(self.stdout)
