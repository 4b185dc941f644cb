import csv
import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from commitments.models import Compact
from commitments.permissions import steering_compact_ids
from core.exceptions import ApplicationError, add_error_to_form
from core.pdf import pdf_response
from signatories.models import Organisation
from signatories.selectors import organisations_of

from . import selectors, services
from .evidence import evidence_for
from .forms import ActionPlanForm, HelpOfferForm, SelfAssessmentForm
from .models import ActionPlanEntry, ActionPlanItem
from .permissions import can_keep_action_plan, can_run_reviews
from .report import annual_report_figures


def _year_or_404(year: int) -> int:
    try:
        services.check_year(year)
    except ApplicationError as error:
        raise Http404(error.message) from error
    return year


class CompactMixin:
    """Finds the compact from the address; `steering_only` pages refuse everyone else."""

    steering_only = False

    def dispatch(self, request, *args, **kwargs):
        self.compact = get_object_or_404(Compact, slug=kwargs["compact_slug"])
        if "year" in kwargs:
            self.year = _year_or_404(kwargs["year"])
        if self.steering_only:
            if not request.user.is_authenticated:
                return self.handle_no_permission()
            if not can_run_reviews(request.user, self.compact):
                raise PermissionDenied("Only the compact's steering group can see this page.")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["compact"] = self.compact
        context["year"] = getattr(self, "year", None)
        return context


class ReviewsHomeView(LoginRequiredMixin, TemplateView):
    """Where a person finds their organisations' plans and the compacts they help run."""

    template_name = "reviews/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = services.current_year()
        organisations = list(organisations_of(user=self.request.user))
        rows = []
        for organisation in organisations:
            signatures = selectors.plan_signatory_compacts(organisation)
            plans = selectors.plans_of_organisation(organisation, [year])
            for signature in signatures:
                rows.append(
                    (organisation, signature.compact, plans.get((signature.compact_id, year)))
                )
        context.update(
            year=year,
            plan_rows=rows,
            steering_compacts=Compact.objects.filter(
                id__in=steering_compact_ids(self.request.user)
            ),
        )
        return context


class CompactReviewsView(CompactMixin, TemplateView):
    template_name = "reviews/compact.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        this_year = services.current_year()
        context.update(
            years=list(range(this_year, this_year - 5, -1)),
            this_year=this_year,
            can_run_reviews=can_run_reviews(self.request.user, self.compact),
        )
        return context


class SelfAssessmentView(LoginRequiredMixin, CompactMixin, TemplateView):
    steering_only = True
    template_name = "reviews/self_assessment.html"

    def get_form(self, data=None):
        self.toolkit = selectors.toolkit_of(self.compact)
        questions = [q for section in self.toolkit for q in section.questions.all()]
        self.assessment, answers = selectors.answers_by_question(self.compact, self.year)
        _, self.last_year_answers = selectors.answers_by_question(self.compact, self.year - 1)
        self.evidence = evidence_for(questions, self.compact, self.year)
        return SelfAssessmentForm(
            data,
            questions=questions,
            answers=answers,
            summary=self.assessment.summary if self.assessment else "",
        )

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                services.self_assessment_save(
                    actor=request.user,
                    compact=self.compact,
                    year=self.year,
                    summary=form.cleaned_data["summary"],
                    answers=form.answer_values(),
                )
            except ApplicationError as error:
                add_error_to_form(form, error)
            else:
                messages.success(request, f"The {self.year} self-assessment is saved.")
                return redirect(request.path)
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context["sections"] = [
            (
                section,
                [
                    (
                        question,
                        form.fields_of(question),
                        self.last_year_answers.get(question.id),
                        self.evidence.get(question.evidence),
                    )
                    for question in section.questions.all()
                ],
            )
            for section in self.toolkit
        ]
        context["assessment"] = self.assessment
        return context


class ActionPlanView(LoginRequiredMixin, CompactMixin, TemplateView):
    """An organisation's plan for one year, seen and kept by its own people only."""

    template_name = "reviews/action_plan.html"

    def dispatch(self, request, *args, **kwargs):
        self.organisation = get_object_or_404(Organisation, slug=kwargs["organisation_slug"])
        return super().dispatch(request, *args, **kwargs)

    def _check(self):
        # 404, not 403: another organisation's plan is not there for you at all.
        if not can_keep_action_plan(self.request.user, self.organisation):
            raise Http404("No such plan")
        self.plan = selectors.action_plan_of(
            compact=self.compact, organisation=self.organisation, year=self.year
        )

    def get_form(self, data=None):
        self.grouped = selectors.plan_entries_by_theme(self.plan)
        entries = [entry for _, entries in self.grouped for entry in entries]
        return ActionPlanForm(data, entries=entries)

    def get(self, request, *args, **kwargs):
        self._check()
        form = self.get_form() if self.plan else None
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        self._check()
        if self.plan is None:
            try:
                services.action_plan_start(
                    actor=request.user,
                    compact=self.compact,
                    organisation=self.organisation,
                    year=self.year,
                )
            except ApplicationError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, f"Your {self.year} plan is ready to fill in.")
            return redirect(request.path)
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                services.action_plan_update(
                    actor=request.user, plan=self.plan, entries=form.entry_values()
                )
            except ApplicationError as error:
                add_error_to_form(form, error)
            else:
                messages.success(request, f"Your {self.year} action plan is saved.")
                return redirect(request.path)
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context.get("form")
        context.update(
            organisation=self.organisation,
            plan=self.plan,
            previous_plan_year=(
                self.plan.copied_from.year if self.plan and self.plan.copied_from else None
            ),
            themes=[
                (theme, [(entry, form.fields_of(entry)) for entry in entries])
                for theme, entries in self.grouped
            ]
            if form
            else [],
            has_template=bool(form)
            or ActionPlanItem.objects.filter(theme__compact=self.compact, retired=False).exists(),
        )
        return context


class CollatedPlansView(LoginRequiredMixin, CompactMixin, TemplateView):
    steering_only = True
    template_name = "reviews/collated.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["collated"] = selectors.collated_plans(
            self.compact,
            self.year,
            asking_page=self.request.GET.get("asking_page", 1),
            without_plan_page=self.request.GET.get("without_plan_page", 1),
        )
        return context


class HelpOfferView(LoginRequiredMixin, CompactMixin, TemplateView):
    steering_only = True
    template_name = "reviews/help_offer.html"

    def dispatch(self, request, *args, **kwargs):
        self.organisation = get_object_or_404(Organisation, slug=kwargs["organisation_slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, data=None):
        asked = (
            ActionPlanItem.objects.filter(
                entries__plan__compact=self.compact,
                entries__plan__year=self.year,
                entries__plan__organisation=self.organisation,
                entries__status=ActionPlanEntry.Status.NEED_HELP,
            )
            .select_related("theme")
            .order_by("theme__position", "position")
        )
        form = HelpOfferForm(data, items_queryset=asked)
        if data is None and "items" in form.fields:
            form.initial["items"] = list(asked)
        return form

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                services.help_offer_make(
                    actor=request.user,
                    compact=self.compact,
                    organisation=self.organisation,
                    year=self.year,
                    kind=form.cleaned_data["kind"],
                    message=form.cleaned_data["message"],
                    items=form.cleaned_data.get("items", ()),
                )
            except ApplicationError as error:
                add_error_to_form(form, error)
            else:
                messages.success(
                    request, f"Your offer is recorded and sent to {self.organisation}."
                )
                return redirect("reviews:collated", compact_slug=self.compact.slug, year=self.year)
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["organisation"] = self.organisation
        return context


class AnnualReportView(CompactMixin, TemplateView):
    """The public annual report: figures only, no one's contact details."""

    template_name = "reviews/report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["report"] = annual_report_figures(self.compact, self.year)
        context["can_run_reviews"] = can_run_reviews(self.request.user, self.compact)
        return context


class AnnualReportPdfView(CompactMixin, View):
    def get(self, request, *args, **kwargs):
        report = annual_report_figures(self.compact, self.year)
        return pdf_response(
            "reviews/report_pdf.html",
            {"report": report, "compact": self.compact, "year": self.year},
            filename=f"{self.compact.slug}-annual-report-{self.year}.pdf",
        )


def csv_value(value) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if not isinstance(value, str):
        return "" if value is None else str(value)
    text = value
    # A cell starting with = + - @ would run as a formula in a spreadsheet.
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text
    return text


class AnnualReportCsvView(CompactMixin, View):
    def get(self, request, *args, **kwargs):
        report = annual_report_figures(self.compact, self.year, with_charts=False)
        table = report.tables.get(kwargs["table_key"])
        if table is None:
            raise Http404("No such table in the report")
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        filename = f"{self.compact.slug}-{self.year}-{table.key}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        writer = csv.writer(response)
        writer.writerow(table.header)
        for row in table.rows:
            writer.writerow([csv_value(value) for value in row])
        return response


def report_redirect(request, compact_slug):
    return redirect(
        reverse(
            "reviews:report", kwargs={"compact_slug": compact_slug, "year": services.current_year()}
        )
    )
