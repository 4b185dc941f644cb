"""Pages: the sign-up journey, dashboards, the approval queue, the directory and certificates.

Each view: permission → form → service → message → redirect.
"""

import csv
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from commitments.models import Compact, CompactVersion
from commitments.permissions import is_steering_group_member, steering_compact_ids
from core.exceptions import ApplicationError, add_error_to_form
from core.pdf import pdf_response

from . import forms, permissions, selectors, services
from .models import Champion, JoinRequest, Organisation, Signatory, SignUpApplication


def _posted(request):
    """The submitted data on a POST (even an empty one), None otherwise: binds forms."""
    return request.POST if request.method == "POST" else None


# Organisation-scoped pages -----------------------------------------------------------------


def _organisation_for(request, slug, *, manage=False) -> Organisation:
    """The organisation, if the person belongs to it (404 otherwise: we do not confirm it exists
    to outsiders); 403 for a member who is not an administrator on a managing page."""
    organisation = get_object_or_404(Organisation, slug=slug)
    if not permissions.is_member(request.user, organisation):
        raise Http404("No such organisation among yours")
    if manage and not permissions.can_manage_organisation(request.user, organisation):
        raise PermissionDenied("Only the organisation's administrators can do this")
    return organisation


def _signature_for(request, slug, pk, *, manage=False) -> Signatory:
    organisation = _organisation_for(request, slug, manage=manage)
    return get_object_or_404(
        Signatory.objects.select_related("organisation", "compact", "version"),
        pk=pk,
        organisation=organisation,
    )


@login_required
def organisation_list(request):
    return render(
        request,
        "signatories/organisation_list.html",
        {"memberships": selectors.memberships_of(user=request.user)},
    )


@login_required
def dashboard(request, slug):
    organisation = _organisation_for(request, slug)
    context = selectors.organisation_dashboard(organisation=organisation)
    context.update(
        organisation=organisation,
        now=timezone.now(),
        can_manage=permissions.can_manage_organisation(request.user, organisation),
    )
    return render(request, "signatories/dashboard.html", context)


@login_required
def invitation_create(request, slug):
    organisation = _organisation_for(request, slug, manage=True)
    form = forms.InvitationForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, f"Invitation sent to {form.cleaned_data['email']}")
            return redirect("signatories:dashboard", slug=slug)
    return render(
        request, "signatories/invitation_form.html", {"form": form, "organisation": organisation}
    )


@login_required
def invitation_accept(request, token):
    if request.method == "POST":
        try:
            membership = services.invitation_accept(actor=request.user, token=token)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("signatories:organisations")
        messages.success(request, f"You have joined {membership.organisation.name}")
        return redirect("signatories:dashboard", slug=membership.organisation.slug)
    invitation = (
        services.Invitation.objects.select_related("organisation").filter(token=token).first()
    )
    if invitation is None:
        raise Http404("No such invitation")
    return render(request, "signatories/invitation_accept.html", {"invitation": invitation})


@login_required
@require_POST
def join_request_decide(request, slug, pk):
    organisation = _organisation_for(request, slug, manage=True)
    join_request = get_object_or_404(JoinRequest, pk=pk, organisation=organisation)
    accept = request.POST.get("decision") == "accept"
    try:
        services.join_request_decide(actor=request.user, join_request=join_request, accept=accept)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"{join_request.user.email} was {'let in' if accept else 'declined'}"
        )
    return redirect("signatories:dashboard", slug=slug)


@login_required
def signature_detail(request, slug, pk):
    signatory = _signature_for(request, slug, pk)
    history = signatory.status_changes.select_related("actor")
    return render(
        request,
        "signatories/signature_detail.html",
        {
            "signatory": signatory,
            "organisation": signatory.organisation,
            "history": history,
            "can_manage": permissions.can_manage_organisation(request.user, signatory.organisation),
            "answer_form": forms.AnswerForm(),
        },
    )


@login_required
def signature_withdraw(request, slug, pk):
    signatory = _signature_for(request, slug, pk, manage=True)
    form = forms.ReasonForm(_posted(request), label="Why is the organisation withdrawing?")
    if request.method == "POST" and form.is_valid():
        try:
            services.signatory_withdraw(
                actor=request.user, signatory=signatory, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(
                request,
                f"{signatory.organisation.name} has withdrawn from {signatory.compact.name}",
            )
            return redirect("signatories:dashboard", slug=slug)
    return render(
        request,
        "signatories/withdraw.html",
        {"form": form, "signatory": signatory, "organisation": signatory.organisation},
    )


@login_required
def signature_answer(request, slug, pk):
    signatory = _signature_for(request, slug, pk, manage=True)
    form = forms.AnswerForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.signatory_provide_information(
                actor=request.user, signatory=signatory, answer=form.cleaned_data["answer"]
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, "Your answer was sent to the steering group")
            return redirect("signatories:dashboard", slug=slug)
    return render(
        request,
        "signatories/answer.html",
        {"form": form, "signatory": signatory, "organisation": signatory.organisation},
    )


@login_required
def signature_resign(request, slug, pk):
    signatory = _signature_for(request, slug, pk, manage=True)
    form = forms.DeclarationForm(
        _posted(request), initial={"signed_by_name": request.user.full_name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.signatory_resign(
                actor=request.user, signatory=signatory, declaration=form.cleaned_data
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, f"{signatory.organisation.name} has signed the new version")
            return redirect("signatories:dashboard", slug=slug)
    return render(
        request,
        "signatories/resign.html",
        {"form": form, "signatory": signatory, "organisation": signatory.organisation},
    )


@login_required
def champions(request, slug, pk):
    signatory = _signature_for(request, slug, pk)
    can_manage = permissions.can_manage_organisation(request.user, signatory.organisation)
    form = forms.ChampionForm(_posted(request))
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied("Only the organisation's administrators can appoint champions")
        if form.is_valid():
            try:
                services.champion_appoint(
                    actor=request.user, signatory=signatory, details=form.cleaned_data
                )
            except ApplicationError as error:
                add_error_to_form(form, error)
            else:
                messages.success(request, f"{form.cleaned_data['name']} is now a Compact Champion")
                return redirect("signatories:champions", slug=slug, pk=pk)
    return render(
        request,
        "signatories/champions.html",
        {
            "signatory": signatory,
            "organisation": signatory.organisation,
            "form": form,
            "can_manage": can_manage,
            "current": signatory.champions.filter(stepped_down_at__isnull=True),
            "former": signatory.champions.filter(stepped_down_at__isnull=False),
        },
    )


@login_required
@require_POST
def champion_step_down(request, slug, pk):
    organisation = _organisation_for(request, slug, manage=True)
    champion = get_object_or_404(
        Champion.objects.select_related("signatory__organisation"),
        pk=pk,
        signatory__organisation=organisation,
    )
    services.champion_step_down(actor=request.user, champion=champion)
    messages.success(request, f"{champion.name} has stepped down")
    return redirect("signatories:champions", slug=slug, pk=champion.signatory_id)


@login_required
def certificate(request, slug, pk):
    signatory = _signature_for(request, slug, pk)
    if signatory.status != Signatory.Status.ACTIVE:
        raise Http404("Only an active signature has a certificate")
    verify_path = reverse("signatories:verify", args=[signatory.verification_code])
    return pdf_response(
        "signatories/certificate.html",
        {"signatory": signatory, "verify_url": request.build_absolute_uri(verify_path)},
        filename=f"compact-certificate-{signatory.organisation.slug}.pdf",
    )


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
            "step": 1,
        },
    )


@login_required
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
            services.join_request_create(actor=request.user, organisation=organisation)
            messages.success(
                request,
                f"We have asked {organisation.name}'s administrators to "
                "let you join. We will e-mail you when they do.",
            )
            return redirect("signatories:organisations")
    return render(
        request,
        "signatories/signup_duplicates.html",
        {"application": application, "matches": matches, "step": 1},
    )


@login_required
def signup_compact(request, pk):
    application = _application_for(request, pk)
    if services.application_next_step(application) in ("organisation", "duplicates"):
        return _next(application)
    compacts = Compact.objects.filter(versions__status=CompactVersion.Status.PUBLISHED).distinct()
    form = forms.CompactChoiceForm(
        _posted(request), compacts=compacts, initial={"compact": application.compact_id}
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
        {"application": application, "form": form, "step": 2},
    )


@login_required
def signup_declaration(request, pk):
    application = _application_for(request, pk)
    if services.application_next_step(application) in ("organisation", "duplicates", "compact"):
        return _next(application)
    initial = application.declaration or {"signed_by_name": request.user.full_name}
    form = forms.DeclarationForm(_posted(request), initial=initial)
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
        {"application": application, "form": form, "step": 3},
    )


@login_required
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
            "step": 4,
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


# The steering group ------------------------------------------------------------------------


@login_required
def application_queue(request):
    queue = selectors.application_queue(user=request.user)
    compacts = Compact.objects.filter(id__in=steering_compact_ids(request.user))
    return render(request, "signatories/queue.html", {"queue": queue, "compacts": compacts})


@login_required
def application_detail(request, pk):
    signatory = get_object_or_404(
        Signatory.objects.select_related("organisation", "compact", "version", "submitted_by"),
        pk=pk,
    )
    if not permissions.can_decide_applications(request.user, signatory.compact):
        raise Http404("No such application in your compacts")
    action = request.POST.get("action")
    reason_form = forms.ReasonForm(
        request.POST if action in ("reject", "ask") else None,
        label="Reason or question for the applicant",
    )
    if request.method == "POST":
        try:
            if action == "approve":
                services.signatory_approve(actor=request.user, signatory=signatory)
                messages.success(request, f"{signatory.organisation.name} is now a signatory")
                return redirect("signatories:queue")
            if reason_form.is_valid():
                text = reason_form.cleaned_data["reason"]
                if action == "reject":
                    services.signatory_reject(actor=request.user, signatory=signatory, reason=text)
                    messages.success(request, "The application was rejected")
                else:
                    services.signatory_request_information(
                        actor=request.user, signatory=signatory, question=text
                    )
                    messages.success(request, "Your question was sent to the applicant")
                return redirect("signatories:queue")
        except ApplicationError as error:
            add_error_to_form(reason_form, error)
    return render(
        request,
        "signatories/application_detail.html",
        {
            "signatory": signatory,
            "form": reason_form,
            "history": signatory.status_changes.select_related("actor"),
        },
    )


@login_required
def record_on_behalf(request, slug):
    compact = get_object_or_404(Compact, slug=slug)
    if not is_steering_group_member(request.user, compact):
        raise Http404("No such compact among yours")
    form = forms.RecordOnBehalfForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            matches = services.organisations_matching(
                name=data["name"],
                charity_number=data["charity_number"],
                company_number=data["company_number"],
            )
            organisation = next(
                (
                    m
                    for m in matches
                    if m.name.lower() == data["name"].lower()
                    or (data["charity_number"] and m.charity_number == data["charity_number"])
                ),
                None,
            )
            if organisation is None:
                organisation = services.organisation_create(
                    actor=request.user, details=data, make_actor_administrator=False
                )
            services.signatory_record_on_behalf(
                actor=request.user,
                compact=compact,
                organisation=organisation,
                declaration=data,
                signed_on=data["signed_on"],
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, f"{organisation.name} is recorded as a signatory")
            return redirect("signatories:queue")
    return render(request, "signatories/record_on_behalf.html", {"form": form, "compact": compact})


@login_required
def record_successor(request, slug):
    predecessor = get_object_or_404(Organisation, slug=slug)
    compacts = Compact.objects.filter(signatories__organisation=predecessor).distinct()
    if not any(is_steering_group_member(request.user, compact) for compact in compacts):
        raise Http404("No such organisation among your compacts' signatories")
    form = forms.SuccessorForm(_posted(request), predecessor=predecessor)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_record_successor(
                actor=request.user,
                predecessor=predecessor,
                successor=form.cleaned_data["successor"],
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(
                request, f"{form.cleaned_data['successor'].name} now succeeds {predecessor.name}"
            )
            return redirect(predecessor.get_absolute_url())
    return render(
        request, "signatories/record_successor.html", {"form": form, "predecessor": predecessor}
    )


# Public pages ------------------------------------------------------------------------------


def _directory_rows(request, compact=None):
    params = request.GET
    return selectors.directory(
        search=params.get("q", "").strip(),
        compact=compact or Compact.objects.filter(slug=params.get("compact", "")).first(),
        sector=params.get("sector", "")
        if params.get("sector") in Organisation.Sector.values
        else "",
        kind=params.get("kind", "") if params.get("kind") in Organisation.Kind.values else "",
        status=params.get("status", "active"),
        sort=params.get("sort", "name"),
    )


def directory(request, slug=None):
    compact = get_object_or_404(Compact, slug=slug) if slug else None
    page = Paginator(_directory_rows(request, compact), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "signatories/directory.html",
        {
            "page_obj": page,
            "rows": page.object_list,
            "paginator": page.paginator,
            "is_paginated": page.has_other_pages(),
            "directory_compact": compact,
            "compacts": Compact.objects.filter(versions__status="published").distinct(),
            "sectors": Organisation.Sector.choices,
            "kinds": Organisation.Kind.choices,
            "statuses": [(s, Signatory.Status(s).label) for s in selectors.PUBLIC_STATUSES],
            "params": request.GET,
            "status": request.GET.get("status", "active"),
        },
    )


OPEN_DATA_COLUMNS = [
    "org_id",
    "organisation",
    "sector",
    "type",
    "charity_number",
    "company_number",
    "compact",
    "compact_version",
    "status",
    "signed_on",
    "approved_on",
    "champions",
    "url",
]


def _open_data_records(request):
    for row in _directory_rows(request).iterator(chunk_size=500):
        organisation = row.organisation
        yield {
            "org_id": organisation.org_id,
            "organisation": organisation.name,
            "sector": organisation.get_sector_display(),
            "type": organisation.get_kind_display(),
            "charity_number": organisation.charity_number,
            "company_number": organisation.company_number,
            "compact": row.compact.name,
            "compact_version": row.version.label,
            "status": row.status,
            "signed_on": row.signed_on.isoformat(),
            "approved_on": row.approved_on.isoformat() if row.approved_on else "",
            "champions": row.champion_count,
            "url": request.build_absolute_uri(organisation.get_absolute_url()),
        }


class _Echo:
    def write(self, value):
        return value


def directory_csv(request):
    writer = csv.DictWriter(_Echo(), fieldnames=OPEN_DATA_COLUMNS)
    rows = (writer.writerow(record) for record in _open_data_records(request))
    header = ",".join(OPEN_DATA_COLUMNS) + "\r\n"
    response = StreamingHttpResponse(
        (line for part in ([header], rows) for line in part), content_type="text/csv"
    )
    response["Content-Disposition"] = 'attachment; filename="compact-signatories.csv"'
    return response


def directory_json(request):
    records = list(_open_data_records(request))
    response = HttpResponse(
        json.dumps({"signatories": records}, indent=1), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="compact-signatories.json"'
    return response


def organisation_public(request, slug):
    organisation = get_object_or_404(Organisation.objects.select_related("succeeded_by"), slug=slug)
    signatures = selectors.public_signatures(organisation=organisation)
    if not signatures and not organisation.predecessors.exists():
        raise Http404("This organisation has not signed a compact")
    for signature in signatures:
        signature.show_contacts = permissions.can_view_champion_contacts(
            request.user, signature.compact
        )
    steers = steering_compact_ids(request.user)
    return render(
        request,
        "signatories/organisation_public.html",
        {
            "can_record_successor": any(s.compact_id in steers for s in signatures),
            "organisation": organisation,
            "signatures": signatures,
            "predecessors": organisation.predecessors.all(),
        },
    )


def verify(request, code=None):
    code = (code or request.GET.get("code", "")).strip().upper()
    signatory = None
    if code:
        signatory = (
            Signatory.objects.select_related("organisation", "compact", "version")
            .filter(verification_code=code)
            .first()
        )
    return render(request, "signatories/verify.html", {"code": code, "signatory": signatory})
