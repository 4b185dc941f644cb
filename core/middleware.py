from allauth.mfa.utils import is_mfa_enabled
from django.shortcuts import redirect
from django.urls import reverse


class StaffMustUseTwoFactorMiddleware:
    """Staff reach nothing but the two-factor set-up and sign-out until they have turned it on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            allowed = (
                reverse("mfa_index"),
                reverse("mfa_activate_totp"),
                # allauth asks for the password again before TOTP can be turned on.
                reverse("account_reauthenticate"),
                reverse("account_logout"),
                "/static/",
                "/healthz",
            )
            if not request.path.startswith(allowed) and not is_mfa_enabled(user):
                return redirect("mfa_activate_totp")
        return self.get_response(request)
