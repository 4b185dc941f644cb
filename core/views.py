import datetime as dt

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import FormView, TemplateView

from .feedback import FeedbackForm, feedback_send
from .health import health_report
from .limits import limited
from .roles import roles_of
from .todo import tasks_for
from .two_factor import two_factor_reason


class HomeView(TemplateView):
    """The portal's front page; the list of compacts is commitments' panel "portal_home"."""

    template_name = "core/home.html"


class TasksView(LoginRequiredMixin, TemplateView):
    """Your tasks: where everyone lands after signing in."""

    template_name = "core/tasks.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tasks = tasks_for(self.request.user)
        context["tasks"] = tasks
        context["overdue_count"] = sum(1 for task in tasks if task.overdue)
        context["person_roles"] = roles_of(self.request.user)
        return context


@method_decorator(limited("feedback"), name="dispatch")
class FeedbackView(FormView):
    """Feedback about the service, e-mailed to CONTACT_EMAIL."""

    template_name = "core/feedback.html"
    form_class = FeedbackForm

    def get_initial(self):
        return {"page": self.request.GET.get("page", "")}

    def form_valid(self, form):
        feedback_send(user=self.request.user, **form.cleaned_data)
        return redirect("core:feedback_sent")


@never_cache
@require_GET
def healthz(request):
    """For load balancers and monitors: JSON with each part's state (core.health), 200 when
    every part is within its limit, 503 when any is not."""
    healthy, body = health_report()
    return JsonResponse(body, status=200 if healthy else 503)


@login_required
@require_GET
def two_factor_required(request):
    """Where the second-factor rule sends a person who has not set one up: why, and how."""
    reason = two_factor_reason(request.user)
    if reason is None or is_mfa_enabled(request.user):
        return redirect(settings.LOGIN_REDIRECT_URL)
    context = {"reason": reason, "webauthn_enabled": "webauthn" in settings.MFA_SUPPORTED_TYPES}
    return render(request, "core/two_factor_required.html", context)


@require_GET
def security_txt(request):
    """RFC 9116: whom to tell about a vulnerability. Its expiry moves with each request,
    always within the year the RFC allows, so it never goes stale."""
    expires = timezone.now().replace(microsecond=0) + dt.timedelta(days=180)
    lines = [
        f"Contact: {settings.SECURITY_CONTACT}",
        f"Expires: {expires.astimezone(dt.UTC).isoformat().replace('+00:00', 'Z')}",
        "Preferred-Languages: en",
        f"Canonical: {settings.SITE_URL}/.well-known/security.txt",
    ]
    if settings.SECURITY_POLICY_URL:
        lines.append(f"Policy: {settings.SECURITY_POLICY_URL}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
