from django.contrib import admin

from .models import Message

SECRET_TEMPLATE_PREFIXES = ("account/", "mfa/")


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """Read-only: a message is changed only by delivery and by "Send again" on the late list."""

    list_display = ["subject", "template", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "template"]
    search_fields = ["subject"]

    def get_exclude(self, request, obj=None):
        # allauth's e-mails carry password-reset and confirmation links: whoever reads
        # them can take over the account, administrators included.
        if obj is not None and obj.template.startswith(SECRET_TEMPLATE_PREFIXES):
            return ["text", "html"]
        return super().get_exclude(request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
