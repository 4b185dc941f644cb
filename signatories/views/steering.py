"""The steering group's pages: the approval queue, paper forms, successions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from commitments.models import Compact
from commitments.permissions import is_steering_group_member, steering_compact_ids
from core.exceptions import ApplicationError, add_error_to_form

from .. import forms, permissions, selectors, services
from ..models import Organisation, Signatory
from ._common import posted

# The steering group ------------------------------------------------------------------------


QUEUE_PER_PAGE = 50  # the largest compact has hundreds waiting at once


@login_required
def application_queue(request):
    compact_ids = steering_compact_ids(request.user)
    if not compact_ids:
        # Said plainly rather than shown as an empty queue, so nobody waits on it.
        raise PermissionDenied(
            "Applications to sign a compact are decided by its steering group. "
            "Ask your compact's steering group if you should be one of its members."
        )
    page = Paginator(selectors.application_queue(user=request.user), QUEUE_PER_PAGE).get_page(
        request.GET.get("page")
    )
    compacts = Compact.objects.filter(id__in=compact_ids)
    return render(
        request,
        "signatories/queue.html",
        {
            "queue": page.object_list,
            "page_obj": page,
            "paginator": page.paginator,
            "is_paginated": page.has_other_pages(),
            "compacts": compacts,
        },
    )


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
    form = forms.RecordOnBehalfForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            matches = services.organisations_matching(
                name=data["name"],
                charity_number=data["charity_number"],
                company_number=data["company_number"],
            )
            # The organisation already here with the form's number, else one of the same name.
            holder = services.organisation_holding_number(
                charity_number=data["charity_number"], company_number=data["company_number"]
            )
            organisation = holder[1] if holder else None
            organisation = organisation or next(
                (m for m in matches if m.name.lower() == data["name"].lower()), None
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
    form = forms.SuccessorForm(posted(request), predecessor=predecessor)
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
