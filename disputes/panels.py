"""What the disputes app shows on other apps' pages (see core.panels)."""

from signatories.permissions import has_signed

from .deadlines import settings_for
from .selectors import open_cases_of_organisation


def organisation_dashboard_panel(organisation, user) -> dict | None:
    """Open cases the organisation is a party to that `user` may see, with what is due next.

    One query whatever the number of cases. Shown on the dashboard, which is for the
    organisation's own people; each case is still checked against who is looking.
    """
    if user is None or not user.is_authenticated:
        return None
    return {
        "case_rows": open_cases_of_organisation(organisation=organisation, user=user),
        # Only a signatory in force can raise a concern: an application cannot.
        "can_raise": has_signed(organisation),
    }


def privacy_notice_panel(organisation, user) -> dict:
    """Each compact's retention period for closed concerns, for the privacy notice: the
    notice states the periods the retention sweep applies, read from the same settings."""
    from commitments.selectors import published_compacts

    from .models import DisputeSettings

    compacts = published_compacts().select_related("dispute_settings").order_by("name")
    return {
        "default_years": DisputeSettings._meta.get_field("retention_years").default,
        "periods": [(compact.name, settings_for(compact).retention_years) for compact in compacts],
    }
