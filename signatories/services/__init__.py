"""Every write about organisations, their people, their signatures and their champions.

Other apps call these names from `signatories.services`; the modules behind are an
arrangement of this package, not part of its contract.
"""

from .champions import CHAMPION_FIELDS, champion_appoint, champion_step_down
from .journey import (
    application_confirm_new_organisation,
    application_next_step,
    application_save_compact,
    application_save_declaration,
    application_save_organisation,
    application_start,
    application_step_number,
    application_steps,
    application_submit,
)
from .organisations import (
    ORGANISATION_FIELDS,
    RegisteredNumberTaken,
    organisation_clean_details,
    organisation_create,
    organisation_holding_number,
    organisation_record_successor,
    organisations_matching,
)
from .people import (
    INVITATION_DAYS,
    invitation_accept,
    invitation_create,
    join_request_create,
    join_request_decide,
)
from .signatures import (
    DECLARATION_FIELDS,
    signatories_lapse_for_new_version,
    signatory_approve,
    signatory_create,
    signatory_provide_information,
    signatory_record_on_behalf,
    signatory_reject,
    signatory_request_information,
    signatory_resign,
    signatory_withdraw,
)

__all__ = [
    "CHAMPION_FIELDS",
    "DECLARATION_FIELDS",
    "INVITATION_DAYS",
    "ORGANISATION_FIELDS",
    "RegisteredNumberTaken",
    "application_confirm_new_organisation",
    "application_next_step",
    "application_save_compact",
    "application_save_declaration",
    "application_save_organisation",
    "application_start",
    "application_step_number",
    "application_steps",
    "application_submit",
    "champion_appoint",
    "champion_step_down",
    "invitation_accept",
    "invitation_create",
    "join_request_create",
    "join_request_decide",
    "organisation_clean_details",
    "organisation_create",
    "organisation_holding_number",
    "organisation_record_successor",
    "organisations_matching",
    "signatories_lapse_for_new_version",
    "signatory_approve",
    "signatory_create",
    "signatory_provide_information",
    "signatory_record_on_behalf",
    "signatory_reject",
    "signatory_request_information",
    "signatory_resign",
    "signatory_withdraw",
]
