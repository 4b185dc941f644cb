from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.generic import ListView, TemplateView

from commitments.models import Compact
from commitments.permissions import steering_compact_ids
from core.exceptions import ApplicationError, add_error_to_form
from core.limits import limited
from signatories.models import Organisation

from . import forms, panels, permissions, rules, selectors, services
from .calendar import organisation_calendar
from .models import CalendarFeed, Consultation, ExceptionalRequest, FundingChange


def _visible_change(request, pk) -> FundingChange:
    """The change, if the person may see it; 404 otherwise, so others cannot learn it exists."""
    try:
        change = selectors.funding_change_with_history(pk=pk)
    except FundingChange.DoesNotExist:
        raise Http404("No such funding change") from None
    if not permissions.can_view_funding_change(request.user, change):
        raise Http404("No such funding change")
    return change


class FundingChangeListView(LoginRequiredMixin, ListView):
    template_name = "accountability/funding_change_list.html"
    context_object_name = "changes"
    paginate_by = 25

    def get_queryset(self):
        changes = selectors.funding_changes_visible_to(user=self.request.user)
        # Choices of the compact filter, shown when the list spans more than one compact.
        self.compacts = selectors.compacts_of(changes)
        self.chosen_compact = next(
            (c for c in self.compacts if c.slug == self.request.GET.get("compact")), None
        )
        if self.chosen_compact is not None:
            changes = changes.filter(compact=self.chosen_compact)
        return changes

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_log"] = permissions.is_officer(self.request.user)
        context["compacts"] = self.compacts if len(self.compacts) > 1 else []
        context["chosen_compact"] = self.chosen_compact
        context["requests_waiting"] = selectors.exceptional_requests_waiting(
            user=self.request.user
        ).count()
        return context


class FundingChangeCreateView(LoginRequiredMixin, View):
    template_name = "accountability/funding_change_form.html"

    def _form(self, data=None):
        signatures = list(selectors.officer_signatures(user=self.request.user))
        if not signatures:
            raise PermissionDenied("Only officers of statutory signatories can log changes")
        recipients = selectors.recipient_choices(compact_ids={s.compact_id for s in signatures})
        return forms.FundingChangeForm(data, signatures=signatures, recipients=recipients)

    def get(self, request):
        return render(request, self.template_name, {"form": self._form()})

    def post(self, request):
        form = self._form(request.POST)
        if form.is_valid():
            signature = form.chosen_signature
            data = form.cleaned_data
            new_recipient = None
            recipient = None
            if data["recipient"] == forms.NEW_RECIPIENT:
                new_recipient = {
                    "name": data["new_recipient_name"],
                    "kind": data["new_recipient_kind"],
                    "postcode": data["new_recipient_postcode"],
                }
            else:
                recipient = form.recipients[data["recipient"]]
            try:
                change = services.funding_change_log(
                    actor=request.user,
                    compact=signature.compact,
                    funding_body=signature.organisation,
                    details=form.details(recipient),
                    new_recipient=new_recipient,
                )
            except ApplicationError as error:
                add_error_to_form(form, error)
            else:
                messages.success(request, "The funding change is logged.")
                return redirect(change)
        return render(request, self.template_name, {"form": form})


class FundingChangeDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        change = _visible_change(request, pk)
        return render(
            request,
            "accountability/funding_change_detail.html",
            {
                "change": change,
                "can_change": permissions.can_change_funding_change(request.user, change),
                "can_respond": permissions.can_respond_to_funding_change(request.user, change),
                "can_decide_exceptional": permissions.can_decide_exceptional(request.user, change),
                "exceptional_waiting": next(
                    (r for r in change.exceptional_requests.all() if r.is_pending), None
                ),
                "exceptional_needs_agreement": rules.exceptional_needs_agreement(
                    notice_given_on=change.notice_given_on,
                    takes_effect_on=change.takes_effect_on,
                    today=timezone.localdate(),
                ),
                "response_form": forms.ResponseForm(),
            },
        )


class FundingChangeAmendView(LoginRequiredMixin, View):
    template_name = "accountability/funding_change_form.html"

    def _setup(self, request, pk, data=None):
        change = _visible_change(request, pk)
        if not permissions.can_change_funding_change(request.user, change):
            raise PermissionDenied("Only the funding body can amend this change")
        recipients = list(selectors.recipient_choices(compact_ids={change.compact_id}))
        if change.recipient not in recipients:
            recipients.append(change.recipient)
        form = forms.FundingChangeForm(
            data,
            initial=forms.FundingChangeForm.initial_from(change),
            signatures=[],
            recipients=recipients,
            amending=True,
        )
        return change, form

    def get(self, request, pk):
        change, form = self._setup(request, pk)
        return render(request, self.template_name, {"form": form, "change": change})

    def post(self, request, pk):
        change, form = self._setup(request, pk, request.POST)
        if form.is_valid():
            recipient = form.recipients[form.cleaned_data["recipient"]]
            try:
                services.funding_change_amend(
                    actor=request.user,
                    change=change,
                    details=form.details(recipient),
                    reason=form.cleaned_data["reason"],
                )
            except ApplicationError as error:
                add_error_to_form(form, error)
            else:
                messages.success(request, "The record is amended. The amendment is kept below.")
                return redirect(change)
        return render(request, self.template_name, {"form": form, "change": change})


class _FundingChangeActionView(LoginRequiredMixin, View):
    """A small form about one change: permission, form, service, message, redirect."""

    template_name = "accountability/funding_change_action.html"
    form_class = None
    title = ""
    button = ""
    success_message = ""

    def allowed(self, user, change) -> bool:
        return permissions.can_change_funding_change(user, change)

    def act(self, user, change, data):
        raise NotImplementedError

    show_responses = False

    def _render(self, request, change, form):
        context = {
            "change": change,
            "form": form,
            "title": self.title,
            "button": self.button,
            "show_responses": self.show_responses,
        }
        return render(request, self.template_name, context)

    def _change(self, request, pk):
        change = _visible_change(request, pk)
        if not self.allowed(request.user, change):
            raise PermissionDenied("You cannot do this to this funding change")
        return change

    def get(self, request, pk):
        return self._render(request, self._change(request, pk), self.form_class())

    def post(self, request, pk):
        change = self._change(request, pk)
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                self.act(request.user, change, form.cleaned_data)
            except ApplicationError as error:
                add_error_to_form(form, error)
            else:
                messages.success(request, self.success_message)
                return redirect(change)
        return self._render(request, change, form)


class FundingChangeExceptionalView(_FundingChangeActionView):
    form_class = forms.ExceptionalForm
    title = "Mark as exceptional circumstances"
    button = "Record the exceptional circumstances"
    success_message = "The exceptional circumstances are recorded."

    def _render(self, request, change, form):
        if rules.exceptional_needs_agreement(
            notice_given_on=change.notice_given_on,
            takes_effect_on=change.takes_effect_on,
            today=timezone.localdate(),
        ):
            self.title = "Ask the steering group to accept exceptional circumstances"
            self.button = "Send the request to the steering group"
        return super()._render(request, change, form)

    def act(self, user, change, data):
        outcome = services.funding_change_mark_exceptional(
            actor=user, change=change, reason=data["exceptional_reason"]
        )
        if isinstance(outcome, ExceptionalRequest):
            self.success_message = (
                "Your request is sent to the steering group. Until it agrees, the change "
                "counts as a breach of the compact."
            )


class FundingChangeWithdrawView(_FundingChangeActionView):
    form_class = forms.WithdrawForm
    title = "Withdraw this funding change"
    button = "Withdraw the change"
    success_message = "The change is withdrawn. It stays on record, marked withdrawn."

    def act(self, user, change, data):
        services.funding_change_withdraw(actor=user, change=change, reason=data["reason"])


class FundingChangeDecisionView(_FundingChangeActionView):
    form_class = forms.DecisionForm
    title = "Record the final decision"
    button = "Record the decision"
    success_message = "The final decision is recorded."
    # The question asks whether the responses were considered: show them.
    show_responses = True

    def act(self, user, change, data):
        services.funding_change_record_decision(
            actor=user,
            change=change,
            final_decision_on=data["final_decision_on"],
            responses_considered=data["responses_considered"],
        )


@method_decorator(limited("funding_response"), name="dispatch")
class FundingChangeRespondView(_FundingChangeActionView):
    form_class = forms.ResponseForm
    title = "Respond to this funding change"
    button = "Send the response"
    success_message = "Your response is recorded and the funding body has been told."

    def allowed(self, user, change) -> bool:
        return permissions.can_respond_to_funding_change(user, change)

    def act(self, user, change, data):
        services.funding_change_respond(actor=user, change=change, text=data["text"])


class ExceptionalRequestListView(LoginRequiredMixin, ListView):
    """Requests waiting for the steering groups the person sits on."""

    template_name = "accountability/exceptional_request_list.html"
    context_object_name = "requests"
    paginate_by = 25

    def get_queryset(self):
        if not steering_compact_ids(self.request.user):
            raise PermissionDenied("This page is for compacts' steering groups")
        return selectors.exceptional_requests_waiting(user=self.request.user)


class ExceptionalRequestDecideView(LoginRequiredMixin, View):
    """The steering group agrees or refuses one request, with a reason."""

    template_name = "accountability/exceptional_request_decide.html"

    def _request(self, request, pk) -> ExceptionalRequest:
        try:
            exceptional = selectors.exceptional_request_detail(pk=pk)
        except ExceptionalRequest.DoesNotExist:
            raise Http404("No such request") from None
        if not permissions.can_decide_exceptional(request.user, exceptional.funding_change):
            raise Http404("No such request")
        return exceptional

    def _render(self, request, exceptional, form):
        context = {"exceptional": exceptional, "change": exceptional.funding_change, "form": form}
        return render(request, self.template_name, context)

    def get(self, request, pk):
        return self._render(request, self._request(request, pk), forms.ExceptionalDecisionForm())

    def post(self, request, pk):
        exceptional = self._request(request, pk)
        form = forms.ExceptionalDecisionForm(request.POST)
        if form.is_valid():
            try:
                decided = services.exceptional_request_decide(
                    actor=request.user,
                    request=exceptional,
                    agree=form.cleaned_data["decision"],
                    reason=form.cleaned_data["decision_reason"],
                )
            except ApplicationError as error:
                add_error_to_form(form, error)
            else:
                outcome = "agreed" if decided.status == decided.Status.AGREED else "refused"
                messages.success(
                    request,
                    f"The steering group {outcome} the exceptional circumstances for "
                    f"{exceptional.funding_change.programme}. The funding body has been told.",
                )
                return redirect("accountability:exceptional_list")
        return self._render(request, exceptional, form)


class OrganisationAccountabilityView(LoginRequiredMixin, View):
    """An organisation's funding changes, consultations and calendar, for its own people."""

    def _organisation(self, request, slug):
        organisation = get_object_or_404(Organisation, slug=slug)
        if not permissions.can_manage_calendar(request.user, organisation):
            raise PermissionDenied("This page is for the organisation's own people")
        return organisation

    def get(self, request, slug):
        organisation = self._organisation(request, slug)
        feed = selectors.calendar_feed_for(organisation=organisation)
        context = panels.dashboard_context(organisation, request.user) or {}
        context.update(
            organisation=organisation,
            calendar_url=request.build_absolute_uri(feed.get_absolute_url()),
        )
        return render(request, "accountability/organisation.html", context)


class CalendarResetView(OrganisationAccountabilityView):
    def get(self, request, slug):
        return redirect("accountability:organisation", slug=slug)

    def post(self, request, slug):
        organisation = self._organisation(request, slug)
        services.calendar_feed_reset(actor=request.user, organisation=organisation)
        messages.success(
            request, "The calendar has a new address. The old address no longer works."
        )
        return redirect("accountability:organisation", slug=slug)


def calendar_feed(request, token):
    """The organisation's .ics; the secret token is the only key, as calendar apps need."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("organisation"), token=token)
    response = HttpResponse(
        organisation_calendar(feed.organisation), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{feed.organisation.slug}.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


# Consultations


class ConsultationListView(TemplateView):
    template_name = "accountability/consultation_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        compacts = selectors.compacts_with_consultations()
        chosen = next((c for c in compacts if c.slug == params.get("compact")), None)
        bodies = selectors.consultation_bodies(compact=chosen) if chosen else []
        body = next((b for b in bodies if b.slug == params.get("body")), None)
        listing = selectors.consultation_list(
            compact=chosen, body=body, stage=params.get("stage", ""), page_number=params.get("page")
        )
        context.update(
            page_obj=listing.page,
            consultations=listing.page.object_list,
            paginator=listing.page.paginator,
            is_paginated=listing.page.has_other_pages(),
            stage_counts=listing.stage_counts,
            chosen_stage=params.get("stage", ""),
            compacts=compacts if len(compacts) > 1 else [],
            chosen_compact=chosen,
            bodies=bodies,
            chosen_body=body,
        )
        context["can_log"] = permissions.is_officer(self.request.user)
        return context


class ConsultationCreateView(LoginRequiredMixin, View):
    template_name = "accountability/consultation_form.html"

    def _form(self, data=None):
        signatures = list(selectors.officer_signatures(user=self.request.user))
        if not signatures:
            raise PermissionDenied("Only officers of statutory signatories can log consultations")
        return forms.ConsultationForm(data, signatures=signatures)

    def get(self, request):
        return render(request, self.template_name, {"form": self._form()})

    def post(self, request):
        form = self._form(request.POST)
        if form.is_valid():
            signature = form.chosen_signature
            data = {
                name: form.cleaned_data[name]
                for name in (
                    "title", "summary", "link", "audience", "opens_on", "closes_on",
                    "shorter_reason",
                )
            }  # fmt: skip
            try:
                consultation = services.consultation_log(
                    actor=request.user,
                    compact=signature.compact,
                    organisation=signature.organisation,
                    **data,
                )
            except ApplicationError as error:
                add_error_to_form(form, error)
            else:
                messages.success(request, "The consultation is published.")
                return redirect(consultation)
        return render(request, self.template_name, {"form": form})


class ConsultationDetailView(View):
    template_name = "accountability/consultation_detail.html"

    def _context(self, request, pk, feedback_form=None):
        try:
            consultation = selectors.consultation_detail(pk=pk)
        except Consultation.DoesNotExist:
            raise Http404("No such consultation") from None
        followable = selectors.followable_organisations(
            user=request.user, consultation=consultation
        )
        following = set(
            consultation.follows.filter(organisation__in=followable).values_list(
                "organisation_id", flat=True
            )
        )
        can_manage = permissions.can_manage_consultation(request.user, consultation)
        today = timezone.localdate()
        return {
            "consultation": consultation,
            "stage": consultation.stage(today),
            "takes_responses": consultation.takes_responses(today),
            "stages": rules.Stage,
            "feedback_due_on": consultation.feedback_due_on(),
            "feedback_overdue": consultation.feedback_overdue(today),
            "follow_choices": [(org, org.id in following) for org in followable],
            "can_manage": can_manage,
            "feedback_form": feedback_form
            or forms.FeedbackForm(
                initial={
                    "we_asked": consultation.feedback_we_asked,
                    "you_said": consultation.feedback_you_said,
                    "we_did": consultation.feedback_we_did,
                }
            ),
        }

    def get(self, request, pk):
        return render(request, self.template_name, self._context(request, pk))


@method_decorator(limited("consultation_feedback"), name="dispatch")
class ConsultationFeedbackView(LoginRequiredMixin, ConsultationDetailView):
    def post(self, request, pk):
        consultation = get_object_or_404(Consultation.objects.select_related("compact"), pk=pk)
        if not permissions.can_manage_consultation(request.user, consultation):
            raise PermissionDenied("Only the body running the consultation publishes feedback")
        form = forms.FeedbackForm(request.POST)
        if form.is_valid():
            try:
                services.consultation_publish_feedback(
                    actor=request.user, consultation=consultation, **form.cleaned_data
                )
            except ApplicationError as error:
                add_error_to_form(form, error)
            else:
                messages.success(request, "The feedback is published.")
                return redirect(consultation)
        context = self._context(request, pk, feedback_form=form)
        return render(request, self.template_name, context)


class ConsultationRespondView(View):
    """The way to respond: to the body's own page while the consultation is open; refused,
    saying so, before it opens and once it has closed (an old link or a form posted late)."""

    def _respond(self, request, pk):
        consultation = get_object_or_404(Consultation.objects.select_related("organisation"), pk=pk)
        today = timezone.localdate()
        if consultation.takes_responses(today):
            return redirect(consultation.link)
        context = {"consultation": consultation, "not_yet_open": today < consultation.opens_on}
        return render(request, "accountability/consultation_closed.html", context, status=410)

    def get(self, request, pk):
        return self._respond(request, pk)

    def post(self, request, pk):
        return self._respond(request, pk)


class ConsultationFollowView(LoginRequiredMixin, View):
    def post(self, request, pk):
        consultation = get_object_or_404(Consultation.objects.select_related("compact"), pk=pk)
        organisation = get_object_or_404(Organisation, pk=request.POST.get("organisation"))
        following = request.POST.get("follow") == "yes"
        service = services.consultation_follow if following else services.consultation_unfollow
        try:
            service(actor=request.user, consultation=consultation, organisation=organisation)
        except ApplicationError as error:
            raise PermissionDenied(error.message) from None
        if following:
            messages.success(request, f"{organisation.name} now follows this consultation.")
        else:
            messages.success(request, f"{organisation.name} no longer follows this consultation.")
        return redirect(consultation)


# The public record


class BodyRecordView(TemplateView):
    """A statutory body's record, for anyone: the figures, never the individual changes."""

    template_name = "accountability/body_record.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["organisation"] = get_object_or_404(
            Organisation, slug=self.kwargs["slug"], sector=Organisation.Sector.STATUTORY
        )
        return context


class CompactRecordView(TemplateView):
    """Each statutory signatory's figures within one compact, all years or one."""

    template_name = "accountability/compact_record.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        compact = get_object_or_404(Compact, slug=self.kwargs["slug"])
        year = self.request.GET.get("year", "")
        year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None
        context["record"] = selectors.compact_record(compact, year)
        context["compact"] = compact
        context["year"] = year
        this_year = timezone.localdate().year
        context["years"] = range(this_year, this_year - 6, -1)
        return context
