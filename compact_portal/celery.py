"""The Celery application. Tasks live in each app's tasks.py; the beat schedule in settings."""

import os

from celery import Celery
from kombu.transport import TRANSPORT_ALIASES

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "compact_portal.settings")

# redis:// URLs use kombu's Redis transport with the guard in compact_portal.broker,
# so a Redis restart cannot make the worker exit.
TRANSPORT_ALIASES["redis"] = "compact_portal.broker:Transport"

app = Celery("compact_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
