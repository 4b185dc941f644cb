from django.contrib import admin

from .models import Compact, CompactVersion, Principle, SteeringGroupMember, Undertaking


class SteeringGroupInline(admin.TabularInline):
    model = SteeringGroupMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Compact)
class CompactAdmin(admin.ModelAdmin):
    list_display = ["name", "area", "slug"]
    search_fields = ["name", "area"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SteeringGroupInline]


class PrincipleInline(admin.StackedInline):
    model = Principle
    extra = 0
    show_change_link = True


@admin.register(CompactVersion)
class CompactVersionAdmin(admin.ModelAdmin):
    list_display = ["compact", "label", "number", "status", "adopted_on", "minimum_notice_months"]
    list_filter = ["status", "compact"]
    inlines = [PrincipleInline]


class UndertakingInline(admin.TabularInline):
    model = Undertaking
    extra = 0


@admin.register(Principle)
class PrincipleAdmin(admin.ModelAdmin):
    list_display = ["title", "version", "position"]
    list_filter = ["version__compact"]
    inlines = [UndertakingInline]
