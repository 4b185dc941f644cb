"""Raising a concern: choosing the compact, writing, saving as a draft, submitting."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.views.generic import FormView, TemplateView

from commitments.models import Compact
from commitments.selectors import published_version
from core.exceptions import ApplicationError, add_error_to_form
from core.limits import limited
from signatories.models import Organisation, Signatory

from .. import forms, permissions, selectors, services


def _signed_compacts(user):
    return (
        Signatory.objects.active()
        .filter(organisation__memberships__user=user)
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


@method_decorator(limited("raise_concern"), name="dispatch")
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
