"""A case's pages: list, detail, each action on it, its documents and summary."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from core.exceptions import ApplicationError, add_error_to_form
from core.pdf import pdf_response

from .. import forms, permissions, selectors, services, stages
from ..models import Outcome, Stage


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
        if attachment is None or not attachment.file:
            # A document removed when the retention period ended has no bytes left.
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
