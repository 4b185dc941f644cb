from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from core.two_factor import session_used_second_factor, two_factor_reason

# Browser features the portal never uses; a page (or anything injected into one) cannot
# ask for them. Security keys and passkeys (WebAuthn) stay allowed for the portal itself.
PERMISSIONS_POLICY = ", ".join(
    [
        "accelerometer=()",
        "autoplay=()",
        "camera=()",
        "display-capture=()",
        "geolocation=()",
        "gyroscope=()",
        "magnetometer=()",
        "microphone=()",
        "midi=()",
        "payment=()",
        "usb=()",
        "publickey-credentials-create=(self)",
        "publickey-credentials-get=(self)",
    ]
)


class PermissionsPolicyMiddleware:
    """Adds `Permissions-Policy` to every response (Django has no setting for it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class SecondFactorRequiredMiddleware:
    """Staff and everyone a registered rule names (core.two_factor) must have signed in to
    this session with a second factor.

    Without one set up, every page sends them to the page that explains why and how to set
    it up (and allauth's set-up and password re-check pages stay open to them). With one
    set up but a session signed in by password alone (the only way was the Django admin's
    own form, now closed), the session ends and they sign in again through both steps.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or session_used_second_factor(request):
            return self.get_response(request)
        if two_factor_reason(user) is None:
            return self.get_response(request)
        if is_mfa_enabled(user):
            logout(request)
            messages.info(request, "Sign in again, with your password and your second factor.")
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('account_login')}?{query}")
        if request.path.startswith(self._open_paths()):
            return self.get_response(request)
        return redirect("core:two_factor_required")

    @staticmethod
    def _open_paths() -> tuple[str, ...]:
        return (
            reverse("core:two_factor_required"),
            reverse("mfa_index"),
            reverse("mfa_activate_totp"),
            reverse("mfa_add_webauthn"),
            # allauth asks for the password again before a second factor can be added.
            reverse("account_reauthenticate"),
            reverse("account_logout"),
            "/static/",
            "/healthz",
            "/.well-known/",
        )
