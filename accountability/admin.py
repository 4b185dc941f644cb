"""Read-only views for the site's administrators: these records are history, never deleted here."""

from django.contrib import admin

from .models import (
    Consultation,
    ExceptionalRequest,
    FundingChange,
    FundingChangeAmendment,
    FundingChangeResponse,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FundingChange)
class FundingChangeAdmin(ReadOnlyAdmin):
    list_display = ["programme", "funding_body", "recipient", "kind", "takes_effect_on", "status"]
    list_filter = ["status", "kind", "compact"]
    list_select_related = ["funding_body", "recipient"]
    search_fields = ["programme", "funding_body__name", "recipient__name"]


@admin.register(FundingChangeAmendment)
class FundingChangeAmendmentAdmin(ReadOnlyAdmin):
    list_display = ["funding_change", "amended_by", "amended_at"]
    list_select_related = ["funding_change__recipient", "amended_by"]


@admin.register(ExceptionalRequest)
class ExceptionalRequestAdmin(ReadOnlyAdmin):
    list_display = ["funding_change", "requested_by", "requested_at", "status", "decided_by"]
    list_filter = ["status"]
    list_select_related = ["funding_change__recipient", "requested_by", "decided_by"]


@admin.register(FundingChangeResponse)
class FundingChangeResponseAdmin(ReadOnlyAdmin):
    list_display = ["funding_change", "organisation", "created_at"]
    list_select_related = ["funding_change__recipient", "organisation"]


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    list_display = ["title", "organisation", "opens_on", "closes_on", "feedback_published_on"]
    list_filter = ["compact"]
    list_select_related = ["organisation"]
