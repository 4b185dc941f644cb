from django.contrib import admin

from .models import Deadline, Reminder, ReminderPreference, ReminderSettings


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "compact", "due_on", "next_remind_at", "closed_at"]
    list_filter = ["kind", "compact"]
    search_fields = ["title"]
    raw_id_fields = ["organisation"]
    list_select_related = ["compact"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """Failed reminders are the list to watch: filter by status "Could not be e-mailed"."""

    list_display = ["message", "recipient", "kind", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["message", "recipient__email"]
    raw_id_fields = ["deadline", "recipient", "organisation"]
    list_select_related = ["recipient"]
    readonly_fields = ["last_error"]


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(admin.ModelAdmin):
    list_display = ["compact", "updated_at"]


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "delivery"]
    list_filter = ["kind", "delivery"]
    raw_id_fields = ["user"]
