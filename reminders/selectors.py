from django.db.models import Q, QuerySet

from commitments.permissions import steering_compact_ids

from .models import Reminder, ReminderPreference

DASHBOARD_LIMIT = 5


def reminders_for(*, user) -> QuerySet[Reminder]:
    """Everything `user` has been reminded of, newest first, ready to list."""
    return Reminder.objects.filter(recipient=user).select_related("deadline", "organisation")


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


def failed_reminders_visible_to(*, user) -> QuerySet[Reminder]:
    """Reminders that could not be e-mailed, for the steering groups `user` sits on."""
    return (
        Reminder.objects.filter(
            status=Reminder.Status.FAILED, deadline__compact_id__in=steering_compact_ids(user)
        )
        .select_related("recipient", "deadline", "deadline__compact")
        .order_by("-created_at")
    )


def preferences_of(*, user) -> dict[str, str]:
    """kind -> delivery, for the kinds `user` has chosen; the rest are e-mailed at once."""
    return dict(ReminderPreference.objects.filter(user=user).values_list("kind", "delivery"))
