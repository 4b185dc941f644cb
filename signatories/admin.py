from django.contrib import admin

from .models import Membership, Organisation, Signatory


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "sector", "kind", "charity_number", "company_number"]
    list_filter = ["sector", "kind"]
    search_fields = ["name", "charity_number", "company_number"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Signatory)
class SignatoryAdmin(admin.ModelAdmin):
    list_display = ["organisation", "compact", "version", "status", "signed_on"]
    list_filter = ["status", "compact"]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation", "compact", "version"]
