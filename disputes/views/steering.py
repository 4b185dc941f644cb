"""The steering group's pages: the board, the mediation panel, time limits, lessons."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import FormView, TemplateView

from commitments.models import Compact
from core.exceptions import ApplicationError, add_error_to_form

from .. import forms, permissions, selectors, services
from ..models import MediationPanelMember, Outcome


class BoardView(LoginRequiredMixin, TemplateView):
    template_name = "disputes/board.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not selectors.steers_any_compact(request.user):
            raise PermissionDenied("The board is for steering groups.")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        try:
            compact_id = int(params.get("compact") or 0) or None
        except ValueError:
            compact_id = None
        outcome = params.get("outcome", "")
        filters = selectors.BoardFilters(
            compact_id=compact_id,
            principle_title=params.get("principle", ""),
            outcome=outcome if outcome in Outcome.values else "",
            include_closed=params.get("closed") == "1",
        )
        context.update(selectors.board_choices(user=self.request.user))
        context["board"] = selectors.board_for(user=self.request.user, filters=filters)
        context["filters"] = filters
        return context


class CompactMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.compact = get_object_or_404(Compact, slug=kwargs["compact_slug"])
        if not permissions.can_manage_compact_disputes(request.user, self.compact):
            raise PermissionDenied("This page is for the compact's steering group.")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["compact"] = self.compact
        return context


class PanelView(CompactMixin, FormView):
    template_name = "disputes/panel.html"
    form_class = forms.PanelMemberForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["members"] = selectors.panel_of(compact=self.compact)
        return context

    def form_valid(self, form):
        try:
            member = services.panel_member_add(
                actor=self.request.user,
                compact=self.compact,
                email=form.cleaned_data["email"],
                about=form.cleaned_data["about"],
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, f"{member.user.full_name or member.user.email} is now on the panel."
        )
        return redirect("disputes:panel", compact_slug=self.compact.slug)


class PanelRemoveView(CompactMixin, View):
    http_method_names = ["post"]

    def post(self, request, compact_slug, member_pk):
        member = get_object_or_404(MediationPanelMember, compact=self.compact, pk=member_pk)
        services.panel_member_remove(actor=request.user, member=member)
        messages.success(request, "They have been taken off the panel.")
        return redirect("disputes:panel", compact_slug=self.compact.slug)


class SettingsView(CompactMixin, FormView):
    template_name = "disputes/settings.html"
    form_class = forms.DisputeSettingsForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = selectors.settings_for(self.compact)
        return kwargs

    def form_valid(self, form):
        try:
            services.dispute_settings_update(
                actor=self.request.user, compact=self.compact, **form.cleaned_data
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "The time limits have been saved.")
        return redirect("disputes:settings", compact_slug=self.compact.slug)


class LessonsView(CompactMixin, TemplateView):
    template_name = "disputes/lessons.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["lessons"] = selectors.lessons_for(compact=self.compact)
        context["statistics"] = selectors.case_statistics(compact=self.compact)
        return context
