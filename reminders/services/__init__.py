"""Every write of the reminders app: scheduling deadlines, the sweep, e-mails, preferences.

Other apps call `deadline_schedule` and `deadline_close` from their own services
(or reminders.sources recomputes deadlines for them); beat calls the sweep and
the digest through reminders.tasks.
"""

from .delivery import (
    UNSUBSCRIBE_SALT,
    read_unsubscribe_token,
    reminder_digest_queue,
    reminder_preference_set,
    reminders_queue_emails,
    reminders_send_digests,
    reminders_unsubscribe,
    unsubscribe_token,
)
from .scheduling import (
    REMINDER_HOUR,
    deadline_close,
    deadline_schedule,
    remind_moment,
    reminder_settings_for,
    reminder_settings_update,
)
from .sweep import SweepResult, reminders_sweep

__all__ = [
    "REMINDER_HOUR",
    "UNSUBSCRIBE_SALT",
    "SweepResult",
    "deadline_close",
    "deadline_schedule",
    "read_unsubscribe_token",
    "remind_moment",
    "reminder_digest_queue",
    "reminder_preference_set",
    "reminder_settings_for",
    "reminder_settings_update",
    "reminders_queue_emails",
    "reminders_send_digests",
    "reminders_sweep",
    "reminders_unsubscribe",
    "unsubscribe_token",
]
