from django.contrib import admin

from core.page_cache import RenewsPublicPagesAdmin

from .models import Champion, Invitation, Membership, Organisation, Signatory, SignatoryStatusChange


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(RenewsPublicPagesAdmin, admin.ModelAdmin):
    list_display = ["name", "sector", "kind", "charity_number", "company_number"]
    list_filter = ["sector", "kind"]
    search_fields = ["name", "charity_number", "company_number"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Signatory)
class SignatoryAdmin(RenewsPublicPagesAdmin, admin.ModelAdmin):
    list_display = ["organisation", "compact", "version", "status", "signed_on"]
    list_filter = ["status", "compact"]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation", "compact", "version"]


class StatusChangeInline(admin.TabularInline):
    """History is appended by the services, never edited here."""

    model = SignatoryStatusChange
    extra = 0
    can_delete = False
    readonly_fields = [
        "from_status",
        "to_status",
        "actor",
        "organisation_name",
        "reason",
        "created_at",
    ]

    def has_add_permission(self, request, obj=None):
        return False


SignatoryAdmin.inlines = [StatusChangeInline]


@admin.register(Champion)
class ChampionAdmin(RenewsPublicPagesAdmin, admin.ModelAdmin):
    list_display = ["name", "kind", "department", "signatory", "stepped_down_at"]
    list_select_related = ["signatory__organisation", "signatory__compact"]
    search_fields = ["name", "signatory__organisation__name"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "expires_at", "accepted_at"]
    exclude = ["token"]
