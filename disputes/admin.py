"""The admin may look at cases but never change their history: everything is read-only here,
and every change goes through disputes.services."""

from django.contrib import admin

from .models import Attachment, Case, DisputeSettings, MediationPanelMember, TimelineEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["reference", "title", "compact", "stage", "outcome", "submitted_at"]
    list_filter = ["stage", "outcome", "compact"]
    list_select_related = ["compact"]


@admin.register(TimelineEntry)
class TimelineEntryAdmin(ReadOnlyAdmin):
    list_display = ["case", "kind", "author", "created_at", "is_private"]
    list_filter = ["kind", "is_private"]
    list_select_related = ["case", "author"]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "case", "content_type", "size", "uploaded_at"]
    exclude = ["file"]  # the bytes are served only through the case's document page


@admin.register(DisputeSettings)
class DisputeSettingsAdmin(admin.ModelAdmin):
    list_display = ["compact", "acknowledge_within_working_days", "respond_within_working_days"]


@admin.register(MediationPanelMember)
class MediationPanelMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "compact", "added_at"]
    list_select_related = ["user", "compact"]
