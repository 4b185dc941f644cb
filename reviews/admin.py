"""Read-only views of the review records; changes go through the portal's pages and commands."""

from django.contrib import admin

from .models import ActionPlan, ActionPlanEntry, HelpOffer, SelfAssessment, ToolkitSection


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ToolkitSection)
class ToolkitSectionAdmin(ReadOnlyAdmin):
    list_display = ["compact", "position", "title", "retired"]
    list_filter = ["compact"]


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(ReadOnlyAdmin):
    list_display = ["compact", "year", "updated_at"]
    list_filter = ["compact", "year"]


class ActionPlanEntryInline(admin.TabularInline):
    model = ActionPlanEntry
    fields = ["item", "status", "owner", "target_on", "notes"]
    readonly_fields = fields
    extra = 0


@admin.register(ActionPlan)
class ActionPlanAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "compact", "year", "updated_at"]
    list_filter = ["compact", "year"]
    list_select_related = ["organisation", "compact"]
    inlines = [ActionPlanEntryInline]


@admin.register(HelpOffer)
class HelpOfferAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "compact", "year", "kind", "offered_at"]
    list_filter = ["compact", "year", "kind"]
    list_select_related = ["organisation", "compact"]
