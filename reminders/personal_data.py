"""What reminders holds about a person (core.personal_data): the reminders sent to them
and their choices. Both are theirs alone and go with the account (they cascade)."""

from core.personal_data import Section, row

from .models import Reminder, ReminderPreference


def personal_data(person) -> list[Section]:
    reminders = Reminder.objects.filter(recipient=person).order_by("-created_at")
    preferences = ReminderPreference.objects.filter(user=person).order_by("kind")
    return [
        Section("reminders", "Reminders sent to you", [
            row({"Reminder": r.message, "Due": r.due_on, "Status": r.get_status_display(),
                 "Sent": r.sent_at})
            for r in reminders
        ]),
        Section("reminder_preferences", "How you get reminders", [
            row({"Kind": p.get_kind_display(), "How": p.get_delivery_display()})
            for p in preferences
        ]),
    ]  # fmt: skip
