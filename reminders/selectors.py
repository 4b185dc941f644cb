from django.db.models import Q, QuerySet

from .models import Reminder, ReminderPreference

DASHBOARD_LIMIT = 5


def reminders_for(*, user) -> QuerySet[Reminder]:
    """Everything `user` has been reminded of, newest first, ready to list."""
    return Reminder.objects.filter(recipient=user).select_related(
        "deadline", "organisation", "email"
    )


def dashboard_panel_context(organisation, user) -> dict | None:
    """The panel on an organisation's dashboard: the person's latest reminders about it,
    and those of their compact-wide roles. One query; None when there is nothing to show."""
    if not getattr(user, "is_authenticated", False):
        return None
    latest = list(
        reminders_for(user=user).filter(
            Q(organisation=organisation) | Q(organisation__isnull=True)
        )[:DASHBOARD_LIMIT]
    )
    if not latest:
        return None
    return {"reminders": latest}


def preferences_of(*, user) -> dict[str, str]:
    """kind -> delivery, for the kinds `user` has chosen; the rest are e-mailed at once."""
    return dict(ReminderPreference.objects.filter(user=user).values_list("kind", "delivery"))
