"""Every write of the reminders app: scheduling deadlines, the sweep, delivery, preferences.

Other apps call `deadline_schedule` and `deadline_close` from their own services
(or reminders.sources recomputes deadlines for them); beat calls the sweep and
the digest through reminders.tasks.
"""

from .delivery import (
    MAX_DIGEST_ATTEMPTS,
    UNSUBSCRIBE_SALT,
    read_unsubscribe_token,
    reminder_deliver,
    reminder_digest_deliver,
    reminder_preference_set,
    reminder_record_failure,
    reminder_retry,
    reminders_deliver_many,
    reminders_send_digests,
    reminders_unsubscribe,
    retry_delay,
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
from .sweep import RETRY_STALE_AFTER, UNSENT_GRACE, SweepResult, reminders_sweep

__all__ = [
    "MAX_DIGEST_ATTEMPTS",
    "REMINDER_HOUR",
    "RETRY_STALE_AFTER",
    "UNSENT_GRACE",
    "UNSUBSCRIBE_SALT",
    "SweepResult",
    "deadline_close",
    "deadline_schedule",
    "read_unsubscribe_token",
    "remind_moment",
    "reminder_deliver",
    "reminder_digest_deliver",
    "reminder_preference_set",
    "reminder_record_failure",
    "reminder_retry",
    "reminder_settings_for",
    "reminder_settings_update",
    "reminders_deliver_many",
    "reminders_send_digests",
    "reminders_sweep",
    "reminders_unsubscribe",
    "retry_delay",
    "unsubscribe_token",
]
