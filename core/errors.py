"""The portal's error pages (handler400/403/404/500 in compact_portal/urls.py, and
CSRF_FAILURE_VIEW), in its own design, each with a way back.

The 500 page is rendered with no request and no database: whatever broke (often the
database) must not break the page that says so.
"""

from django.conf import settings
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader

# Who can help when a page is refused, by where the page is.
_WHOM_TO_ASK = (
    ("/applications/", "Ask the chair of the compact's steering group to add you to it."),
    ("/reviews/", "Ask the chair of the compact's steering group, or your organisation's "
                  "administrator for your own action plans."),
    ("/organisations/", "Ask one of your organisation's administrators: they can invite you "
                        "or change your role."),
    ("/accountability/", "Ask one of your organisation's administrators to add you to a "
                         "statutory body or to the organisation funded."),
    ("/concerns/", "Ask one of your organisation's administrators, or the compact's "
                   "steering group."),
    ("/reminders/", "Ask the chair of the compact's steering group."),
)  # fmt: skip
_DEFAULT_WHOM = "Ask one of your organisation's administrators, or the compact's steering group."


def whom_to_ask(path: str) -> str:
    for prefix, advice in _WHOM_TO_ASK:
        if path.startswith(prefix):
            return advice
    return _DEFAULT_WHOM


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None):
    # A view's PermissionDenied("...") says why in words meant for the person; show it.
    reason = str(exception) if exception is not None and str(exception) else ""
    context = {"reason": reason, "whom_to_ask": whom_to_ask(request.path)}
    return render(request, "errors/403.html", context, status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def csrf_failure(request, reason=""):
    return render(request, "errors/csrf.html", {"back": request.path}, status=403)


def server_error(request=None):
    # No request context: no context processors, no database, no session.
    html = loader.get_template("errors/500.html").render({"PORTAL_NAME": settings.SITE_NAME})
    return HttpResponseServerError(html)
