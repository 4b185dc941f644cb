"""Who must sign in with a second factor, and whether this session did.

Staff reach the Django admin and steering-group members see confidential cases, so both
must sign in with a second factor (an authenticator app or a security key / passkey).
Core knows only about staff; an app whose people need it too registers a rule in its
`AppConfig.ready()` (commitments: a steering-group member), so core never imports it.
`core.middleware.SecondFactorRequiredMiddleware` applies the rules to every request.
"""

from collections.abc import Callable

from allauth.account.authentication import get_authentication_records

# A rule takes a signed-in user and returns why they need a second factor (a sentence
# to show them), or None when this rule does not ask it of them.
_rules: list[Callable] = []


def register_two_factor_rule(rule: Callable) -> None:
    """`rule(user) -> str | None`: the reason `user` must use a second factor, or None."""
    if rule not in _rules:
        _rules.append(rule)


def _staff_rule(user) -> str | None:
    if user.is_staff or user.is_superuser:
        return "You are a site administrator, so you can change anything in the portal."
    return None


def two_factor_reason(user) -> str | None:
    """Why `user` must sign in with a second factor, or None when nothing asks it of them."""
    if not user.is_authenticated:
        return None
    for rule in (_staff_rule, *_rules):
        reason = rule(user)
        if reason:
            return reason
    return None


def session_used_second_factor(request) -> bool:
    """Whether the person signed in to this session with a second factor, not a password
    alone: allauth records each step of a sign-in in the session ("mfa" for TOTP, a
    recovery code or a security key), and the session is the signed-in user's."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def record_second_factor_on_enrolment(sender, request, user, authenticator, **kwargs) -> None:
    """Setting up an authenticator proves the person holds it (a code from the app, or
    the key's own signature), so the session counts as signed in with it; otherwise a
    person made to set one up would be signed out the moment they finished."""
    # allauth's own record of a sign-in step; its public module exports only the reader.
    from allauth.account.internal.flows.login import record_authentication

    if request is not None and getattr(request, "user", None) == user:
        record_authentication(request, user, "mfa", type=authenticator.type, enrolled=True)
