"""A person's own data (subject access) and erasing a person on request."""

import datetime
import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from core.exceptions import ApplicationError
from core.personal_data import personal_data_of

from . import selectors, services
from .forms import ErasureRequestForm
from .models import ErasureRecord, User
from .permissions import can_erase

# The page shows this many rows of each kind; the download holds them all.
ROWS_SHOWN = 50
# The erasure's first page hands its answers to the check page through the session.
ERASURE_SESSION_KEY = "erasure_request"


@login_required
def personal_data(request):
    sections = personal_data_of(request.user)
    return render(
        request,
        "accounts/personal_data.html",
        {"sections": sections, "rows_shown": ROWS_SHOWN},
    )


@login_required
def personal_data_download(request):
    data = {
        "generated_at": timezone.now().isoformat(),
        "portal": request.build_absolute_uri("/"),
        "sections": selectors.personal_data_download(request.user),
    }
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="my-personal-data.json"'
    return response


def _refuse_unless_eraser(user):
    if not can_erase(user):
        raise PermissionDenied(
            "Only the portal's staff and a steering group's administrators can erase people."
        )


@login_required
def erasure_start(request):
    _refuse_unless_eraser(request.user)
    answers = request.session.get(ERASURE_SESSION_KEY, {})
    form = ErasureRequestForm(
        request.POST if request.method == "POST" else None,
        initial=_initial(answers),
    )
    if form.is_valid():
        person = selectors.erasable_person(actor=request.user, email=form.cleaned_data["email"])
        if person is None:
            form.add_error(
                "email", "There is nobody with that e-mail address whose data you can erase"
            )
        else:
            request.session[ERASURE_SESSION_KEY] = {
                "person": person.pk,
                "email": person.email,
                "requested_by": form.cleaned_data["requested_by"],
                "request_received_on": form.cleaned_data["request_received_on"].isoformat(),
            }
            return redirect("accounts:erasure_check")
    return render(request, "accounts/erasure_start.html", {"form": form})


def _initial(answers: dict) -> dict:
    if not answers:
        return {}
    return {
        "email": answers["email"],
        "requested_by": answers["requested_by"],
        "request_received_on": datetime.date.fromisoformat(answers["request_received_on"]),
    }


@login_required
def erasure_check(request):
    """Check your answers: who will be erased and what happens, then erase on POST."""
    _refuse_unless_eraser(request.user)
    answers = request.session.get(ERASURE_SESSION_KEY)
    person = answers and User.objects.filter(pk=answers["person"]).first()
    if not person:
        return redirect("accounts:erasure_start")
    if not can_erase(request.user, person):
        raise PermissionDenied("You cannot erase this person's data.")
    received_on = datetime.date.fromisoformat(answers["request_received_on"])
    error = None
    if request.method == "POST":
        try:
            record = services.person_erase(
                actor=request.user,
                person=person,
                requested_by=answers["requested_by"],
                request_received_on=received_on,
            )
        except ApplicationError as refusal:
            error = refusal.message
        else:
            del request.session[ERASURE_SESSION_KEY]
            request.session["erasure_done"] = record.pk
            return redirect("accounts:erasure_done")
    return render(
        request,
        "accounts/erasure_check.html",
        {
            "person": person,
            "answers": answers,
            "request_received_on": received_on,
            "records_held": selectors.records_held(person),
            "error": error,
        },
    )


@login_required
def erasure_done(request):
    _refuse_unless_eraser(request.user)
    record = ErasureRecord.objects.filter(
        pk=request.session.get("erasure_done"), erased_by=request.user
    ).first()
    if record is None:
        return redirect("accounts:erasure_start")
    return render(request, "accounts/erasure_done.html", {"record": record})
