"""What the disputes app shows on other apps' pages (see core.panels)."""

from signatories.permissions import is_member

from .selectors import open_cases_of_organisation


def organisation_dashboard_panel(organisation, user) -> dict | None:
    """Open cases the organisation is a party to, with what is due next; for its own people.

    Four queries whatever the number of cases.
    """
    if user is None or not is_member(user, organisation):
        return None
    return {"case_rows": open_cases_of_organisation(organisation=organisation, user=user)}
