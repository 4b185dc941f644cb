"""Pages: each view checks permission, binds a form, calls a service, says what happened,
redirects. The modules group them by who uses them."""

from .journey import (
    signup_check,
    signup_compact,
    signup_declaration,
    signup_done,
    signup_duplicates,
    signup_organisation,
    signup_start,
)
from .organisations import (
    certificate,
    champion_step_down,
    champions,
    dashboard,
    invitation_accept,
    invitation_create,
    join_request_decide,
    organisation_list,
    signature_answer,
    signature_detail,
    signature_resign,
    signature_withdraw,
)
from .public import directory, directory_csv, directory_json, organisation_public, verify
from .steering import application_detail, application_queue, record_on_behalf, record_successor

__all__ = [
    "application_detail",
    "application_queue",
    "certificate",
    "champion_step_down",
    "champions",
    "dashboard",
    "directory",
    "directory_csv",
    "directory_json",
    "invitation_accept",
    "invitation_create",
    "join_request_decide",
    "organisation_list",
    "organisation_public",
    "record_on_behalf",
    "record_successor",
    "signature_answer",
    "signature_detail",
    "signature_resign",
    "signature_withdraw",
    "signup_check",
    "signup_compact",
    "signup_declaration",
    "signup_done",
    "signup_duplicates",
    "signup_organisation",
    "signup_start",
    "verify",
]
