"""Pages for concerns: permission, then form, then service, then message and redirect."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from commitments.models import Compact
from commitments.selectors import published_version
from core.exceptions import ApplicationError, add_error_to_form
from core.pdf import pdf_response
from signatories.models import Organisation, Signatory

from . import forms, permissions, selectors, services, stages
from .models import MediationPanelMember, Outcome, Stage

# --- Raising a concern -------------------------------------------------------------------


def _signed_compacts(user):
    return (
        Signatory.objects.filter(
            organisation__memberships__user=user, status=Signatory.Status.ACTIVE
        )
        .select_related("compact", "organisation")
        .order_by("compact__name", "organisation__name")
    )


class StartView(LoginRequiredMixin, TemplateView):
    """Choose the compact the concern falls under (one the person's organisation has signed)."""

    template_name = "disputes/start.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        compacts = {}
        for signature in _signed_compacts(self.request.user):
            compacts.setdefault(signature.compact.pk, signature.compact)
        context["compacts"] = list(compacts.values())
        return context


class ConcernFormView(LoginRequiredMixin, FormView):
    """Write a concern, save it as a draft, or submit it."""

    form_class = forms.ConcernForm
    template_name = "disputes/concern_form.html"
    case = None

    def setup_compact(self, compact):
        self.compact = compact
        self.version = published_version(compact)
        if self.version is None:
            raise Http404("This compact has not been published.")
        self.organisations = (
            Organisation.objects.filter(
                memberships__user=self.request.user,
                signatures__compact=compact,
                signatures__status=Signatory.Status.ACTIVE,
            )
            .distinct()
            .order_by("name")
        )
        if not self.organisations.exists():
            raise PermissionDenied("None of your organisations has signed this compact.")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if "pk" in kwargs:
            self.case = selectors.case_for(user=request.user, pk=kwargs["pk"])
            if self.case is None:
                raise Http404
            if not permissions.can_edit_draft(request.user, self.case):
                raise PermissionDenied("Only a draft can be changed.")
            self.setup_compact(self.case.compact)
        else:
            self.setup_compact(get_object_or_404(Compact, slug=kwargs["compact_slug"]))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(compact=self.compact, version=self.version, organisations=self.organisations)
        return kwargs

    def get_initial(self):
        if self.case is None:
            first = self.organisations.first()
            return {"raised_by_organisation": first.pk if first else None}
        case = self.case
        return {
            "raised_by_organisation": case.raised_by_organisation_id,
            "about_organisation": case.about_organisation_id,
            "title": case.title,
            "principles": [p.pk for p in case.principles.all()],
            "undertakings": [u.pk for u in case.undertakings.all()],
            "happened_on": case.happened_on,
            "what_happened": case.what_happened,
            "what_has_been_tried": case.what_has_been_tried,
            "outcome_wanted": case.outcome_wanted,
            "withhold_raiser_name": case.withhold_raiser_name,
            "on_behalf_of_group": case.on_behalf_of_group,
            "funding_change": case.funding_change_id,
            "consultation": case.consultation_id,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            compact=self.compact,
            case=self.case,
            attachments=list(self.case.attachments.all()) if self.case else [],
        )
        return context

    def form_valid(self, form):
        submit = self.request.POST.get("action") == "submit"
        data = form.cleaned_data
        try:
            case = services.case_save(
                actor=self.request.user,
                case=self.case,
                compact=self.compact,
                raised_by_organisation=data["raised_by_organisation"],
                about_organisation=data["about_organisation"],
                title=data["title"],
                what_happened=data["what_happened"],
                happened_on=data["happened_on"],
                what_has_been_tried=data["what_has_been_tried"],
                outcome_wanted=data["outcome_wanted"],
                principles=data["principles"],
                undertakings=data["undertakings"],
                withhold_raiser_name=data["withhold_raiser_name"],
                on_behalf_of_group=data["on_behalf_of_group"],
                funding_change=data["funding_change"],
                consultation=data["consultation"],
                attachments=data["attachments"],
                submit=submit,
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
            return self.form_invalid(form)
        if submit:
            messages.success(
                self.request,
                f"Your concern has been submitted as case "
                f"{case.reference}. The steering group will "
                "acknowledge it.",
            )
        else:
            messages.success(
                self.request,
                "Your concern has been saved as a draft. Nobody "
                "else can see it until you submit it.",
            )
        return redirect(case)


# --- The case page --------------------------------------------------------------------------


class CaseMixin(LoginRequiredMixin):
    """Finds the case the person may see (404 otherwise), then asks `permission` (403)."""

    permission = staticmethod(permissions.can_view_case)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.case = selectors.case_for(user=request.user, pk=kwargs["pk"])
        if self.case is None:
            raise Http404("No such case")
        if not self.permission(request.user, self.case):
            raise PermissionDenied("You cannot do that on this case.")
        return super().dispatch(request, *args, **kwargs)


class CaseListView(LoginRequiredMixin, TemplateView):
    template_name = "disputes/case_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["rows"] = selectors.case_rows_for(user=user)
        context["steers"] = selectors.steers_any_compact(user)
        return context


class CaseDetailView(CaseMixin, TemplateView):
    template_name = "disputes/case_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, case = self.request.user, self.case
        roles = permissions.roles_for(user, case)
        context.update(
            case=case,
            compact=case.compact,
            roles=roles,
            raiser_label=selectors.raiser_label(user, case),
            timeline=selectors.timeline_for(user=user, case=case),
            due=selectors.due_next(case),
            moves=[
                m for m in stages.available_moves(case.stage, roles) if m.target != Stage.CLOSED
            ],
            can_close=any(
                m.target == Stage.CLOSED for m in stages.available_moves(case.stage, roles)
            ),
            can_edit=permissions.can_edit_draft(user, case),
            can_message=permissions.can_post_message(user, case),
            can_note=permissions.can_add_note(user, case),
            can_session=permissions.can_record_session(user, case),
            can_assign=permissions.can_assign_mediator(user, case),
            can_share_name=permissions.can_share_name(user, case),
            can_correct=permissions.can_correct(user, case),
            can_pdf=permissions.can_download_summary(user, case),
            is_steering=stages.Role.STEERING in roles,
        )
        return context


class CaseActionView(CaseMixin, FormView):
    """A page with one form that calls one service on the case."""

    template_name = "disputes/case_action.html"
    heading = ""
    button = "Save"
    success_message = ""

    def perform(self, form):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            case=self.case, compact=self.case.compact, heading=self.heading, button=self.button
        )
        return context

    def form_valid(self, form):
        try:
            self.perform(form)
        except ApplicationError as error:
            add_error_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.case)


class MoveView(CaseActionView):
    form_class = forms.MoveForm
    permission = staticmethod(permissions.can_move_case)
    heading = "Move the case on"
    button = "Confirm"
    success_message = (
        "The case has moved on. Both organisations and the steering group have been told."
    )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        roles = permissions.roles_for(self.request.user, self.case)
        kwargs["moves"] = [
            m for m in stages.available_moves(self.case.stage, roles) if m.target != Stage.CLOSED
        ]
        return kwargs

    def get_initial(self):
        return {"target": self.request.GET.get("to", "")}

    def perform(self, form):
        services.case_move(
            actor=self.request.user,
            case=self.case,
            target=form.cleaned_data["target"],
            message=form.cleaned_data["message"],
        )


class CloseView(CaseActionView):
    form_class = forms.CloseForm
    permission = staticmethod(permissions.can_close_case)
    button = "Close the case"
    success_message = (
        "The case is closed. Both organisations and the steering group have been told."
    )

    @property
    def heading(self):
        return "Close the case" if self.is_steering else "Withdraw your concern"

    @property
    def is_steering(self):
        return stages.Role.STEERING in permissions.roles_for(self.request.user, self.case)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        roles = permissions.roles_for(self.request.user, self.case)
        outcomes = set()
        for move in stages.available_moves(self.case.stage, roles):
            if move.target == Stage.CLOSED:
                outcomes |= move.outcomes
        kwargs["outcomes"] = [o for o in Outcome.values if o in outcomes]
        kwargs["show_lessons"] = self.is_steering
        return kwargs

    def perform(self, form):
        data = form.cleaned_data
        services.case_move(
            actor=self.request.user,
            case=self.case,
            target=Stage.CLOSED,
            outcome=data["outcome"],
            outcome_summary=data["outcome_summary"],
            lessons=data.get("lessons", ""),
        )


class MessageView(CaseActionView):
    form_class = forms.MessageForm
    permission = staticmethod(permissions.can_post_message)
    heading = "Send a message"
    button = "Send message"
    success_message = "Your message has been added to the case."

    def perform(self, form):
        services.case_post_message(
            actor=self.request.user,
            case=self.case,
            body=form.cleaned_data["body"],
            attachments=form.cleaned_data["attachments"],
        )


class NoteView(CaseActionView):
    form_class = forms.NoteForm
    permission = staticmethod(permissions.can_add_note)
    heading = "Add a note for the steering group and mediator"
    button = "Add note"
    success_message = "Your note has been added. The organisations cannot see it."

    def perform(self, form):
        services.case_add_note(
            actor=self.request.user, case=self.case, body=form.cleaned_data["body"]
        )


class SessionView(CaseActionView):
    form_class = forms.SessionForm
    permission = staticmethod(permissions.can_record_session)
    heading = "Record a mediation session"
    button = "Record session"
    success_message = "The session has been recorded."

    def perform(self, form):
        services.case_record_session(
            actor=self.request.user,
            case=self.case,
            held_on=form.cleaned_data["held_on"],
            body=form.cleaned_data["body"],
            is_private=form.cleaned_data["is_private"],
        )


class CorrectionView(CaseActionView):
    form_class = forms.CorrectionForm
    permission = staticmethod(permissions.can_correct)
    heading = "Correct an entry"
    button = "Add correction"
    success_message = "Your correction has been added after the original entry."

    def get_entry(self):
        visible = {
            item.entry.pk: item
            for item in selectors.timeline_for(user=self.request.user, case=self.case)
        }
        item = visible.get(self.kwargs["entry_pk"])
        if item is None:
            raise Http404("No such entry")
        return item

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["correcting"] = self.get_entry()
        return context

    def perform(self, form):
        services.case_correct(
            actor=self.request.user,
            case=self.case,
            entry=self.get_entry().entry,
            body=form.cleaned_data["body"],
        )


class AssignMediatorView(CaseActionView):
    form_class = forms.AssignMediatorForm
    permission = staticmethod(permissions.can_assign_mediator)
    heading = "Assign a mediator"
    button = "Assign mediator"
    success_message = "The mediator has been assigned and told."

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["panel"] = selectors.panel_of(compact=self.case.compact)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["panel_url"] = reverse(
            "disputes:panel", kwargs={"compact_slug": self.case.compact.slug}
        )
        context["empty_panel"] = not selectors.panel_of(compact=self.case.compact).exists()
        return context

    def perform(self, form):
        services.case_assign_mediator(
            actor=self.request.user, case=self.case, mediator=form.cleaned_data["mediator"].user
        )


class ShareNameView(CaseMixin, View):
    permission = staticmethod(permissions.can_share_name)
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            services.case_share_name(actor=request.user, case=self.case)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "The other organisation can now see the name.")
        return redirect(self.case)


class DocumentView(LoginRequiredMixin, View):
    """Hands a case document to someone who may see the case; never shown inline."""

    def get(self, request, pk, document_pk):
        attachment = selectors.attachment_for(
            user=request.user, case_pk=pk, attachment_pk=document_pk
        )
        if attachment is None:
            raise Http404("No such document")
        response = FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response


class SummaryPdfView(CaseMixin, View):
    permission = staticmethod(permissions.can_download_summary)

    def get(self, request, *args, **kwargs):
        case = self.case
        context = {
            "case": case,
            "raiser_label": selectors.raiser_label(request.user, case),
            "timeline": selectors.timeline_for(user=request.user, case=case),
            "due": selectors.due_next(case),
            "generated_on": timezone.localdate(),
        }
        return pdf_response(
            "disputes/case_summary_pdf.html", context, filename=f"case-{case.reference}.pdf"
        )


# --- The steering group ------------------------------------------------------------------


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
