from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from core.exceptions import ApplicationError, add_error_to_form
from core.page_cache import RenewsPublicPagesAdmin

from .forms import CompactImportConfirmForm, CompactImportForm
from .models import (
    Compact,
    CompactDocument,
    CompactDocumentVersion,
    CompactVersion,
    LocalAuthorityArea,
    Principle,
    SteeringGroupMember,
    Undertaking,
)
from .services import compact_import, compact_import_preview


class LocalAuthorityAreaInline(admin.TabularInline):
    model = LocalAuthorityArea
    extra = 0


class SteeringGroupInline(admin.TabularInline):
    model = SteeringGroupMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Compact)
class CompactAdmin(RenewsPublicPagesAdmin, admin.ModelAdmin):
    list_display = ["name", "area", "slug"]
    search_fields = ["name", "area", "local_authorities__name", "local_authorities__ons_code"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [LocalAuthorityAreaInline, SteeringGroupInline]
    change_list_template = "commitments/admin/compact_change_list.html"

    def get_urls(self):
        import_url = path(
            "import/",
            self.admin_site.admin_view(self.import_view),
            name="commitments_compact_import",
        )
        return [import_url, *super().get_urls()]

    def import_view(self, request):
        """Upload a compact file, see what it would change, then confirm: as `import_compact`."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = CompactImportForm(request.POST or None, request.FILES or None)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import a compact from a file",
        }
        if request.method == "POST" and "text" in request.POST:
            # The confirmed file is imported afresh: if the portal changed since the
            # preview, the import refuses or does what the portal now calls for.
            confirm = CompactImportConfirmForm(request.POST)
            if not confirm.is_valid():
                messages.error(request, "The file was lost on the way back. Upload it again.")
                return redirect("admin:commitments_compact_import")
            try:
                result = compact_import(text=confirm.cleaned_data["text"], actor=request.user)
            except ApplicationError as error:
                messages.error(request, f"The compact was not imported. {error.message}")
                return redirect("admin:commitments_compact_import")
            messages.success(request, result.message)
            return redirect("admin:commitments_compact_change", result.compact.pk)
        elif request.method == "POST" and form.is_valid():
            text = form.cleaned_data["file"]
            try:
                plan = compact_import_preview(text=text)
            except ApplicationError as error:
                add_error_to_form(form, error)
            else:
                context |= {
                    "title": "Check the import",
                    "plan": plan,
                    "changes": plan.changes,
                    "confirm": CompactImportConfirmForm(initial={"text": text}),
                }
                return TemplateResponse(
                    request, "commitments/admin/compact_import_preview.html", context
                )
        context["form"] = form
        return TemplateResponse(request, "commitments/admin/compact_import.html", context)


def _is_settled(version) -> bool:
    """A published or archived version's text is what was signed: the admin only shows it."""
    return version is not None and version.status != CompactVersion.Status.DRAFT


class PrincipleInline(admin.StackedInline):
    model = Principle
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return not _is_settled(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not _is_settled(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _is_settled(obj) and super().has_delete_permission(request, obj)


@admin.register(CompactVersion)
class CompactVersionAdmin(RenewsPublicPagesAdmin, admin.ModelAdmin):
    """Drafts may be corrected here; a published version is read-only, and no version is
    deleted (signatures and cases point at it). Publishing is done by importing the file."""

    list_display = ["compact", "label", "number", "status", "adopted_on", "minimum_notice_months"]
    list_filter = ["status", "compact"]
    readonly_fields = ["status", "published_at"]
    inlines = [PrincipleInline]

    def has_change_permission(self, request, obj=None):
        return not _is_settled(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False


class UndertakingInline(admin.TabularInline):
    model = Undertaking
    extra = 0

    def has_add_permission(self, request, obj=None):
        return not _is_settled(obj and obj.version) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        settled = _is_settled(obj and obj.version)
        return not settled and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        settled = _is_settled(obj and obj.version)
        return not settled and super().has_delete_permission(request, obj)


@admin.register(Principle)
class PrincipleAdmin(RenewsPublicPagesAdmin, admin.ModelAdmin):
    list_display = ["title", "version", "position"]
    list_filter = ["version__compact"]
    list_select_related = ["version__compact"]
    inlines = [UndertakingInline]

    def has_add_permission(self, request):
        return False  # a principle is added to a draft on its version's page

    def has_change_permission(self, request, obj=None):
        return not _is_settled(obj and obj.version) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _is_settled(obj and obj.version) and super().has_delete_permission(request, obj)


class CompactDocumentVersionInline(admin.TabularInline):
    """Versions as adopted; the steering group adds them through the portal's form, which
    checks the file, so the admin only shows them."""

    model = CompactDocumentVersion
    extra = 0
    can_delete = False
    fields = ["number", "adopted_on", "original_name", "size", "link", "added_by", "added_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CompactDocument)
class CompactDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "compact", "created_at"]
    list_filter = ["kind", "compact"]
    search_fields = ["title", "compact__name"]
    readonly_fields = ["compact", "title", "kind", "created_at"]
    inlines = [CompactDocumentVersionInline]

    def has_add_permission(self, request):
        return False
