"""The sign-up journey, one page a step; each step saves, so a person can leave and resume."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from commitments.models import Compact, CompactVersion
from core.exceptions import ApplicationError, add_error_to_form
from core.limits import limit_or_429, limited

from .. import forms, services
from ..models import Organisation, Signatory, SignUpApplication
from ._common import posted

# The sign-up journey -----------------------------------------------------------------------

STEP_URLS = {
    "organisation": "signatories:signup_organisation",
    "duplicates": "signatories:signup_duplicates",
    "compact": "signatories:signup_compact",
    "declaration": "signatories:signup_declaration",
    "check": "signatories:signup_check",
}


def _application_for(request, pk) -> SignUpApplication:
    application = get_object_or_404(
        SignUpApplication.objects.select_related("organisation", "compact"),
        pk=pk,
        user=request.user,
    )
    if application.submitted_at is not None:
        raise Http404("This application has been sent")
    return application


def _next(application):
    return redirect(STEP_URLS[services.application_next_step(application)], pk=application.pk)


@login_required
def signup_start(request):
    compact = Compact.objects.filter(slug=request.GET.get("compact", "")).first()
    application = services.application_start(actor=request.user, compact=compact)
    return _next(application)


@login_required
@limited("signup_step")
def signup_organisation(request, pk):
    application = _application_for(request, pk)
    managed = Organisation.objects.filter(
        memberships__user=request.user, memberships__role="administrator"
    )
    existing_form = forms.ExistingOrganisationForm(
        request.POST if "use_existing" in request.POST else None,
        organisations=managed,
        initial={"organisation": application.organisation_id},
    )
    form = forms.OrganisationForm(
        request.POST if request.method == "POST" and "use_existing" not in request.POST else None,
        initial=application.organisation_details or None,
    )
    taken_by = taken_number = None
    if request.method == "POST" and "ask_to_join" in request.POST:
        # Only the organisation whose number was refused here: the page sends that number back.
        number = request.POST.get("number", "").strip()
        holder = number and services.organisation_holding_number(
            charity_number=number, company_number=number
        )
        if not holder or str(holder[1].pk) != request.POST["ask_to_join"]:
            raise Http404("No organisation with that number")
        return _ask_to_join(request, holder[1])
    if request.method == "POST":
        chosen = existing_form if "use_existing" in request.POST else form
        if chosen.is_valid():
            try:
                services.application_save_organisation(
                    actor=request.user,
                    application=application,
                    organisation=chosen.cleaned_data.get("organisation"),
                    details=None if chosen is existing_form else chosen.cleaned_data,
                )
            except services.RegisteredNumberTaken as error:
                add_error_to_form(chosen, error)
                taken_by, taken_number = error.organisation, error.number
            except ApplicationError as error:
                add_error_to_form(chosen, error)
            else:
                return _next(application)
    return render(
        request,
        "signatories/signup_organisation.html",
        {
            "application": application,
            "form": form,
            "existing_form": existing_form,
            "managed": managed,
            "taken_by": taken_by,
            "taken_number": taken_number,
            "step": services.application_step_number(application, "organisation"),
        },
    )


def _ask_to_join(request, organisation: Organisation):
    """The person found their organisation already here: ask its administrators to let them in."""
    too_many = limit_or_429(request, "join_request")
    if too_many is not None:
        return too_many
    try:
        services.join_request_create(actor=request.user, organisation=organisation)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"We have asked {organisation.name}'s administrators to "
            "let you join. We will e-mail you when they do.",
        )
    return redirect("signatories:organisations")


@login_required
@limited("signup_step")
def signup_duplicates(request, pk):
    application = _application_for(request, pk)
    details = application.organisation_details
    if not details:
        return _next(application)
    matches = list(
        services.organisations_matching(
            name=details["name"],
            charity_number=details.get("charity_number", ""),
            company_number=details.get("company_number", ""),
        )
    )
    if not matches:
        services.application_confirm_new_organisation(actor=request.user, application=application)
        return _next(application)
    if request.method == "POST":
        if request.POST.get("choice") == "new":
            services.application_confirm_new_organisation(
                actor=request.user, application=application
            )
            return _next(application)
        organisation = next((m for m in matches if str(m.pk) == request.POST.get("join")), None)
        if organisation is not None:
            return _ask_to_join(request, organisation)
    return render(
        request,
        "signatories/signup_duplicates.html",
        {
            "application": application,
            "matches": matches,
            "step": services.application_step_number(application, "duplicates"),
        },
    )


@login_required
@limited("signup_step")
def signup_compact(request, pk):
    application = _application_for(request, pk)
    if services.application_next_step(application) in ("organisation", "duplicates"):
        return _next(application)
    compacts = Compact.objects.filter(versions__status=CompactVersion.Status.PUBLISHED).distinct()
    form = forms.CompactChoiceForm(
        posted(request), compacts=compacts, initial={"compact": application.compact_id}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.application_save_compact(
                actor=request.user, application=application, compact=form.cleaned_data["compact"]
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            return _next(application)
    return render(
        request,
        "signatories/signup_compact.html",
        {
            "application": application,
            "form": form,
            "step": services.application_step_number(application, "compact"),
        },
    )


@login_required
@limited("signup_step")
def signup_declaration(request, pk):
    application = _application_for(request, pk)
    if services.application_next_step(application) in ("organisation", "duplicates", "compact"):
        return _next(application)
    initial = application.declaration or {"signed_by_name": request.user.full_name}
    form = forms.DeclarationForm(posted(request), initial=initial)
    if request.method == "POST":
        # Save what was typed even when a box is not ticked yet, so nothing is lost.
        partial = {name: form[name].value() for name in form.fields}
        services.application_save_declaration(
            actor=request.user, application=application, declaration=partial
        )
        if form.is_valid():
            services.application_save_declaration(
                actor=request.user, application=application, declaration=form.cleaned_data
            )
            return _next(application)
    return render(
        request,
        "signatories/signup_declaration.html",
        {
            "application": application,
            "form": form,
            "step": services.application_step_number(application, "declaration"),
        },
    )


@login_required
@limited("signup_submit")
def signup_check(request, pk):
    application = _application_for(request, pk)
    if services.application_next_step(application) != "check":
        return _next(application)
    if request.method == "POST":
        try:
            signatory = services.application_submit(actor=request.user, application=application)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            return redirect("signatories:signup_done", pk=signatory.pk)
    details = application.organisation_details
    return render(
        request,
        "signatories/signup_check.html",
        {
            "application": application,
            "details": details,
            "step": services.application_step_number(application, "check"),
            "sector": Organisation.Sector(details["sector"]).label if details else "",
            "kind": Organisation.Kind(details["kind"]).label if details else "",
        },
    )


@login_required
def signup_done(request, pk):
    signatory = get_object_or_404(
        Signatory.objects.select_related("organisation", "compact"),
        pk=pk,
        submitted_by=request.user,
    )
    return render(request, "signatories/signup_done.html", {"signatory": signatory})
