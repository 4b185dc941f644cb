from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse

from core.exceptions import ApplicationError
from core.page_cache import RenewsPublicPagesAdmin

from . import services
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


class ReasonForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="Reason")


def _decide_each(modeladmin, request, queryset, decide) -> None:
    """Run one signatories service per selected signature; say which ones it refused."""
    done = 0
    for signatory in queryset.select_related("organisation", "compact"):
        try:
            decide(signatory)
        except ApplicationError as error:
            modeladmin.message_user(request, f"{signatory}: {error.message}", messages.ERROR)
        else:
            done += 1
    if done:
        modeladmin.message_user(request, f"{done} signature(s) changed.", messages.SUCCESS)


def _with_reason(modeladmin, request, queryset, *, title, decide):
    """Ask for the reason on a page of its own, then decide each selected signature."""
    form = ReasonForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        reason = form.cleaned_data["reason"]
        _decide_each(modeladmin, request, queryset, lambda signatory: decide(signatory, reason))
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta,
        "title": title,
        "form": form,
        "signatories": queryset,
        "action": request.POST.get("action"),
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "signatories/admin/signatory_reason.html", context)


@admin.register(Signatory)
class SignatoryAdmin(RenewsPublicPagesAdmin, admin.ModelAdmin):
    """A signature's status changes only through the actions, which call the same services as
    the steering group's pages, so each change is written into its history. Signatures are
    made by organisations (or recorded on their behalf) and are never deleted."""

    list_display = ["organisation", "compact", "version", "status", "signed_on"]
    list_filter = ["status", "compact"]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation", "compact", "version"]
    readonly_fields = [
        "organisation",
        "compact",
        "version",
        "status",
        "signed_on",
        "approved_on",
        "submitted_by",
        "recorded_on_behalf",
        "verification_code",
        "created_at",
    ]
    actions = ["approve", "reject", "request_information"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Approve the selected applications")
    def approve(self, request, queryset):
        _decide_each(
            self,
            request,
            queryset,
            lambda signatory: services.signatory_approve(actor=request.user, signatory=signatory),
        )

    @admin.action(description="Reject the selected applications, saying why")
    def reject(self, request, queryset):
        return _with_reason(
            self,
            request,
            queryset,
            title="Reject the selected applications",
            decide=lambda signatory, reason: services.signatory_reject(
                actor=request.user, signatory=signatory, reason=reason
            ),
        )

    @admin.action(description="Ask the selected applicants for more information")
    def request_information(self, request, queryset):
        return _with_reason(
            self,
            request,
            queryset,
            title="Ask for more information",
            decide=lambda signatory, reason: services.signatory_request_information(
                actor=request.user, signatory=signatory, question=reason
            ),
        )


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
