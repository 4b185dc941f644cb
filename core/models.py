"""Core's own record: when each periodic sweep last completed, for `/healthz`."""

from django.db import models


class SweepHeartbeat(models.Model):
    """The last completed run of a sweep registered with `core.health.register_sweep`.

    One row per sweep, overwritten by the worker each time the sweep succeeds: a
    worker or beat that has stopped shows as a heartbeat growing old.
    """

    name = models.CharField(max_length=50, primary_key=True)
    completed_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} at {self.completed_at:%Y-%m-%d %H:%M:%S}"
