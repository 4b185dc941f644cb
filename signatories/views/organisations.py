"""Pages of one organisation, for its own people: dashboard, people, signatures, champions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from core.exceptions import ApplicationError, add_error_to_form
from core.limits import limited
from core.pdf import pdf_response

from .. import forms, permissions, selectors, services
from ..models import Champion, Invitation, JoinRequest, Organisation, Signatory
from ._common import posted

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
@limited("invitation_send")
def invitation_create(request, slug):
    organisation = _organisation_for(request, slug, manage=True)
    form = forms.InvitationForm(posted(request))
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


@limited("invitation_accept")
def invitation_accept(request, token):
    """Anyone holding the link sees whom it is for; only that address can accept it. Others
    are asked to sign in with it, or to create an account with it."""
    invitation = Invitation.objects.select_related("organisation").filter(token=token).first()
    if invitation is None:
        raise Http404("No such invitation")
    is_for_them = permissions.is_invitation_for(request.user, invitation)
    if request.method == "POST" and is_for_them:
        try:
            membership = services.invitation_accept(actor=request.user, token=token)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("signatories:organisations")
        messages.success(request, f"You have joined {membership.organisation.name}")
        return redirect("signatories:dashboard", slug=membership.organisation.slug)
    here = urlencode({"next": request.path})
    return render(
        request,
        "signatories/invitation_accept.html",
        {
            "invitation": invitation,
            "is_for_them": is_for_them,
            "sign_in_url": f"{reverse('account_login')}?{here}",
            "sign_up_url": f"{reverse('account_signup')}?{here}",
        },
    )


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
    form = forms.ReasonForm(posted(request), label="Why is the organisation withdrawing?")
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
    form = forms.AnswerForm(posted(request))
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
        posted(request), initial={"signed_by_name": request.user.full_name}
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
    form = forms.ChampionForm(posted(request))
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
def champion_step_down(request, slug, pk):
    """Asks first, GOV.UK style: a champion is not removed by one slip of the mouse."""
    organisation = _organisation_for(request, slug, manage=True)
    champion = get_object_or_404(
        Champion.objects.select_related("signatory__organisation", "signatory__compact"),
        pk=pk,
        signatory__organisation=organisation,
    )
    champions_page = reverse("signatories:champions", args=[slug, champion.signatory_id])
    if champion.stepped_down_at is not None:
        return redirect(champions_page)
    if request.method == "POST":
        services.champion_step_down(actor=request.user, champion=champion)
        messages.success(request, f"{champion.name} has stepped down")
        return redirect(champions_page)
    return render(
        request,
        "signatories/champion_step_down.html",
        {"champion": champion, "organisation": organisation, "cancel_url": champions_page},
    )


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
