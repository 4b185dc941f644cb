"""What the disputes app shows on other apps' pages (see core.panels)."""

from signatories.permissions import has_signed

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
