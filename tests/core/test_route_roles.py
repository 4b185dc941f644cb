"""Every URL name in the project, requested by five people who have no business with the
objects it names, with the answer each must get, in ONE table (`ROUTES`). A URL name that
is not in the table fails `test_every_url_name_is_in_the_table`: whoever adds a page says
here who may open it.

The world is demo-like: Riverside Compact, signed by Riverside Youth Club (the raiser of
a concern, in mediation with a document) and Riverside Borough Council (a funding change,
a consultation, an exceptional request), with champions, an invitation, a join request, a
sign-up in progress, a failed reminder and a late e-mail; and Hillside Compact, in its
second version. The five people:

- anonymous: nobody signed in;
- member: an administrator of Hillside Food Bank, which signed another compact;
- officer: an officer of Riverside NHS Trust, a statutory body that signed Riverside
  Compact but is party to none of its matters;
- steering: a member of Hillside Compact's steering group;
- mediator: on Riverside Compact's mediation panel, not assigned to the concern.

Each is requested once (GET, or POST with an empty form where the page takes POST only)
and must answer as the table says: a status, `LOGIN` (sent to the portal's sign-in, with
the page to come back to) or `ADMIN` (sent to the admin's sign-in, which is the portal's).
"""

import datetime
from dataclasses import dataclass

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accountability.models import CalendarFeed, ExceptionalRequest
from commitments import services as commitments_services
from disputes import services as disputes_services
from disputes.models import Attachment, MediationPanelMember, Stage
from outbox.models import Message
from outbox.services import email_queue
from reminders.models import Deadline, Kind, Reminder
from reminders.services.delivery import unsubscribe_token
from signatories.models import JoinRequest, Membership, Signatory, SignUpApplication
from tests.accountability.factories import ConsultationFactory, FundingChangeFactory
from tests.disputes.factories import case_for, make_parties, pdf_upload
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    SignatoryFactory,
    StatutoryBodyFactory,
    SteeringGroupMemberFactory,
    UserFactory,
    published_compact,
)
from tests.reminders.factories import publish_new_version
from tests.reviews.factories import load_demo_template, plan_with
from tests.signatories.factories import ChampionFactory, InvitationFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)
ROLES = ("anonymous", "member", "officer", "steering", "mediator")
LOGIN = "login"  # 302 to the portal's sign-in, coming back here
ADMIN = "admin"  # 302 to the admin's sign-in (allauth's, through secure_admin_login)
POST = "POST"
GET = "GET"

# Django admin: every model registered, each with the admin's five pages. Nobody here is
# staff, so every one of them sends them to sign in.
ADMIN_MODELS = [
    "auth_group",
    "account_emailaddress",
    "mfa_authenticator",
    "outbox_message",
    "accounts_user",
    "accounts_erasurerecord",
    "commitments_compact",
    "commitments_compactversion",
    "commitments_principle",
    "commitments_compactdocument",
    "signatories_organisation",
    "signatories_signatory",
    "signatories_champion",
    "signatories_invitation",
    "accountability_fundingchange",
    "accountability_fundingchangeamendment",
    "accountability_exceptionalrequest",
    "accountability_fundingchangeresponse",
    "accountability_consultation",
    "disputes_case",
    "disputes_timelineentry",
    "disputes_attachment",
    "disputes_disputesettings",
    "disputes_mediationpanelmember",
    "reminders_deadline",
    "reminders_reminder",
    "reminders_remindersettings",
    "reminders_reminderpreference",
    "reviews_toolkitsection",
    "reviews_selfassessment",
    "reviews_actionplan",
    "reviews_helpoffer",
]
ADMIN_PAGES = ["changelist", "add", "history", "delete", "change"]
EVERYONE_ADMIN = (GET, ADMIN, ADMIN, ADMIN, ADMIN, ADMIN)

# name: (method, anonymous, member, officer, steering, mediator)
ROUTES = {
    # This world's sweeps have never run, so the portal says it is unavailable: to all alike.
    "healthz": (GET, 503, 503, 503, 503, 503),
    # Only for the monitoring that holds METRICS_TOKEN; nobody else learns it is there.
    "metrics": (GET, 404, 404, 404, 404, 404),
    "security_txt": (GET, 200, 200, 200, 200, 200),
    # --- core
    "core:home": (GET, 200, 200, 200, 200, 200),
    "core:tasks": (GET, LOGIN, 200, 200, 200, 200),
    "core:feedback": (GET, 200, 200, 200, 200, 200),
    "core:feedback_sent": (GET, 200, 200, 200, 200, 200),
    "core:accessibility": (GET, 200, 200, 200, 200, 200),
    "core:two_factor_required": (GET, LOGIN, 302, 302, 200, 302),
    "core:privacy": (GET, 200, 200, 200, 200, 200),
    "core:cookies": (GET, 200, 200, 200, 200, 200),
    # --- Django admin
    "admin:index": EVERYONE_ADMIN,
    # Signed in without being staff: refused (allauth's secure_admin_login).
    "admin:login": (GET, LOGIN, 403, 403, 403, 403),
    "admin:logout": (POST, 302, 302, 302, 302, 302),
    "admin:password_change": EVERYONE_ADMIN,
    "admin:password_change_done": EVERYONE_ADMIN,
    "admin:autocomplete": EVERYONE_ADMIN,
    "admin:jsi18n": EVERYONE_ADMIN,
    "admin:view_on_site": EVERYONE_ADMIN,
    "admin:app_list": EVERYONE_ADMIN,
    "admin:auth_user_password_change": EVERYONE_ADMIN,
    "admin:commitments_compact_import": EVERYONE_ADMIN,
    **{f"admin:{model}_{page}": EVERYONE_ADMIN for model in ADMIN_MODELS for page in ADMIN_PAGES},
    # --- allauth: sign-in, accounts and second factors
    "account_login": (GET, 200, 302, 302, 302, 302),
    "account_logout": (GET, 302, 200, 200, 200, 200),
    "account_inactive": (GET, 200, 200, 200, 200, 200),
    "account_signup": (GET, 200, 302, 302, 302, 302),
    "account_reauthenticate": (GET, LOGIN, 200, 200, 200, 200),
    "account_email": (GET, LOGIN, 200, 200, 200, 200),
    "account_email_verification_sent": (GET, 200, 200, 200, 200, 200),
    "account_change_password": (GET, LOGIN, 200, 200, 200, 200),
    "account_set_password": (GET, LOGIN, 302, 302, 302, 302),
    "account_reset_password": (GET, 200, 200, 200, 200, 200),
    "account_confirm_login_code": (GET, 302, 302, 302, 302, 302),
    "account_confirm_email": (GET, 200, 200, 200, 200, 200),
    "account_reset_password_from_key_done": (GET, 200, 200, 200, 200, 200),
    "account_reset_password_from_key": (GET, 200, 200, 200, 200, 200),
    "account_reset_password_done": (GET, 200, 200, 200, 200, 200),
    "mfa_index": (GET, LOGIN, 200, 200, 200, 200),
    "mfa_authenticate": (GET, 302, 302, 302, 302, 302),
    "mfa_reauthenticate": (GET, LOGIN, 302, 302, 302, 302),
    "mfa_activate_totp": (GET, LOGIN, 302, 302, 302, 302),
    # Nobody here has set up a second factor: there is nothing of theirs to show.
    "mfa_deactivate_totp": (GET, LOGIN, 404, 404, 404, 404),
    "mfa_view_recovery_codes": (GET, LOGIN, 404, 404, 404, 404),
    "mfa_generate_recovery_codes": (GET, LOGIN, 302, 302, 302, 302),
    "mfa_download_recovery_codes": (GET, LOGIN, 404, 404, 404, 404),
    "mfa_list_webauthn": (GET, LOGIN, 200, 200, 200, 200),
    "mfa_add_webauthn": (GET, LOGIN, 302, 302, 302, 302),
    "mfa_reauthenticate_webauthn": (GET, LOGIN, 302, 302, 302, 302),
    "mfa_remove_webauthn": (GET, LOGIN, 302, 302, 302, 302),
    "mfa_edit_webauthn": (GET, LOGIN, 302, 302, 302, 302),
    # --- accounts: a person's own data; erasure by staff and steering administrators
    "accounts:personal_data": (GET, LOGIN, 200, 200, 200, 200),  # their own, nobody else's
    "accounts:personal_data_download": (GET, LOGIN, 200, 200, 200, 200),
    # A steering group's administrator (Hillside's) may start an erasure; the check and the
    # done page need the person chosen first, so they send them back to the start.
    "accounts:erasure_start": (GET, LOGIN, 403, 403, 200, 403),
    "accounts:erasure_check": (GET, LOGIN, 403, 403, 302, 403),
    "accounts:erasure_done": (GET, LOGIN, 403, 403, 302, 403),
    # --- commitments: the compacts are public
    "commitments:list": (GET, 200, 200, 200, 200, 200),
    "commitments:about": (GET, 200, 200, 200, 200, 200),
    "commitments:detail": (GET, 200, 200, 200, 200, 200),
    "commitments:pdf": (GET, 200, 200, 200, 200, 200),
    # What changed between Hillside Compact's two versions.
    "commitments:changes_latest": (GET, 200, 200, 200, 200, 200),
    "commitments:changes": (GET, 200, 200, 200, 200, 200),
    # Codes of practice: public to read; only the compact's steering group adds them.
    "commitments:documents": (GET, 200, 200, 200, 200, 200),
    "commitments:document_file": (GET, 200, 200, 200, 200, 200),
    "commitments:document_add": (GET, LOGIN, 403, 403, 403, 403),
    "commitments:document_version_add": (GET, LOGIN, 403, 403, 403, 403),
    # A compact's draft of its next version: its own steering group only, never public.
    "commitments:draft": (GET, LOGIN, 403, 403, 403, 403),
    "commitments:draft_rules": (GET, LOGIN, 403, 403, 403, 403),
    "commitments:draft_partners": (GET, LOGIN, 403, 403, 403, 403),
    "commitments:draft_section": (GET, LOGIN, 403, 403, 403, 403),
    "commitments:draft_section_add": (GET, LOGIN, 403, 403, 403, 403),
    "commitments:draft_section_remove": (POST, LOGIN, 403, 403, 403, 403),
    "commitments:draft_preview": (GET, LOGIN, 403, 403, 403, 403),
    "commitments:draft_publish": (GET, LOGIN, 403, 403, 403, 403),
    # --- signatories
    "signatories:organisations": (GET, LOGIN, 200, 200, 200, 200),
    "signatories:dashboard": (GET, LOGIN, 404, 404, 404, 404),
    "signatories:invitation_create": (GET, LOGIN, 404, 404, 404, 404),
    "signatories:join_request_decide": (POST, LOGIN, 404, 404, 404, 404),
    "signatories:signature": (GET, LOGIN, 404, 404, 404, 404),
    "signatories:withdraw": (GET, LOGIN, 404, 404, 404, 404),
    "signatories:resign": (GET, LOGIN, 404, 404, 404, 404),
    "signatories:answer": (GET, LOGIN, 404, 404, 404, 404),
    "signatories:champions": (GET, LOGIN, 404, 404, 404, 404),
    "signatories:certificate": (GET, LOGIN, 404, 404, 404, 404),
    "signatories:champion_step_down": (GET, LOGIN, 404, 404, 404, 404),
    # The page says whom the invitation is for; only that address may accept it.
    "signatories:invitation_accept": (GET, 200, 200, 200, 200, 200),
    "signatories:signup_start": (GET, LOGIN, 302, 302, 302, 302),
    "signatories:signup_organisation": (GET, LOGIN, 404, 404, 404, 404),
    "signatories:signup_duplicates": (GET, LOGIN, 404, 404, 404, 404),
    "signatories:signup_compact": (GET, LOGIN, 404, 404, 404, 404),
    "signatories:signup_declaration": (GET, LOGIN, 404, 404, 404, 404),
    "signatories:signup_check": (GET, LOGIN, 404, 404, 404, 404),
    "signatories:signup_done": (GET, LOGIN, 404, 404, 404, 404),
    "signatories:queue": (GET, LOGIN, 403, 403, 200, 403),
    "signatories:application": (GET, LOGIN, 404, 404, 404, 404),
    "signatories:record_on_behalf": (GET, LOGIN, 404, 404, 404, 404),
    "signatories:record_successor": (GET, LOGIN, 404, 404, 404, 404),
    "signatories:directory": (GET, 200, 200, 200, 200, 200),
    "signatories:directory_csv": (GET, 200, 200, 200, 200, 200),
    "signatories:directory_json": (GET, 200, 200, 200, 200, 200),
    "signatories:directory_compact": (GET, 200, 200, 200, 200, 200),
    "signatories:directory_compact_csv": (GET, 200, 200, 200, 200, 200),
    "signatories:directory_compact_json": (GET, 200, 200, 200, 200, 200),
    "signatories:organisation": (GET, 200, 200, 200, 200, 200),
    "signatories:verify_form": (GET, 200, 200, 200, 200, 200),
    "signatories:verify": (GET, 200, 200, 200, 200, 200),
    # --- accountability
    "accountability:funding_list": (GET, LOGIN, 200, 200, 200, 200),
    "accountability:funding_new": (GET, LOGIN, 403, 200, 403, 403),
    "accountability:funding_detail": (GET, LOGIN, 404, 404, 404, 404),
    "accountability:funding_amend": (GET, LOGIN, 404, 404, 404, 404),
    "accountability:funding_exceptional": (GET, LOGIN, 404, 404, 404, 404),
    "accountability:funding_withdraw": (GET, LOGIN, 404, 404, 404, 404),
    "accountability:funding_decision": (GET, LOGIN, 404, 404, 404, 404),
    "accountability:funding_respond": (GET, LOGIN, 404, 404, 404, 404),
    # A steering group's own list: Hillside's is empty of Riverside's requests.
    "accountability:exceptional_list": (GET, LOGIN, 403, 403, 200, 403),
    "accountability:exceptional_decide": (GET, LOGIN, 404, 404, 404, 404),
    "accountability:consultation_list": (GET, 200, 200, 200, 200, 200),
    "accountability:consultation_new": (GET, LOGIN, 403, 200, 403, 403),
    "accountability:consultation_detail": (GET, 200, 200, 200, 200, 200),
    "accountability:consultation_feedback": (POST, LOGIN, 403, 403, 403, 403),
    # Closed on 1 October: "this consultation has closed" (410 Gone) for everyone.
    "accountability:consultation_respond": (GET, 410, 410, 410, 410, 410),
    "accountability:consultation_follow": (POST, LOGIN, 404, 404, 404, 404),
    "accountability:organisation": (GET, LOGIN, 403, 403, 403, 403),
    "accountability:calendar_reset": (POST, LOGIN, 403, 403, 403, 403),
    "accountability:calendar": (GET, 200, 200, 200, 200, 200),
    "accountability:body_record": (GET, 200, 200, 200, 200, 200),
    "accountability:compact_record": (GET, 200, 200, 200, 200, 200),
    # --- disputes
    "disputes:list": (GET, LOGIN, 200, 200, 200, 200),
    "disputes:start": (GET, LOGIN, 200, 200, 200, 200),
    "disputes:raise": (GET, LOGIN, 403, 200, 403, 403),
    "disputes:board": (GET, LOGIN, 403, 403, 200, 403),
    "disputes:detail": (GET, LOGIN, 404, 404, 404, 404),
    "disputes:edit": (GET, LOGIN, 404, 404, 404, 404),
    "disputes:move": (GET, LOGIN, 404, 404, 404, 404),
    "disputes:close": (GET, LOGIN, 404, 404, 404, 404),
    "disputes:message": (GET, LOGIN, 404, 404, 404, 404),
    "disputes:note": (GET, LOGIN, 404, 404, 404, 404),
    "disputes:session": (GET, LOGIN, 404, 404, 404, 404),
    "disputes:assign_mediator": (GET, LOGIN, 404, 404, 404, 404),
    "disputes:share_name": (POST, LOGIN, 404, 404, 404, 404),
    "disputes:correct": (GET, LOGIN, 404, 404, 404, 404),
    "disputes:document": (GET, LOGIN, 404, 404, 404, 404),
    "disputes:summary_pdf": (GET, LOGIN, 404, 404, 404, 404),
    "disputes:panel": (GET, LOGIN, 403, 403, 403, 403),
    "disputes:panel_remove": (POST, LOGIN, 403, 403, 403, 403),
    "disputes:settings": (GET, LOGIN, 403, 403, 403, 403),
    "disputes:lessons": (GET, LOGIN, 403, 403, 403, 403),
    # --- reviews
    "reviews:home": (GET, LOGIN, 200, 200, 200, 200),
    # The compact's reviews page lists its public annual reports.
    "reviews:compact": (GET, 200, 200, 200, 200, 200),
    "reviews:self_assessment": (GET, LOGIN, 403, 403, 403, 403),
    "reviews:collated": (GET, LOGIN, 403, 403, 403, 403),
    "reviews:offer_help": (GET, LOGIN, 403, 403, 403, 403),
    "reviews:action_plan": (GET, LOGIN, 404, 404, 404, 404),
    "reviews:report_latest": (GET, 302, 302, 302, 302, 302),
    "reviews:report": (GET, 200, 200, 200, 200, 200),
    "reviews:report_pdf": (GET, 200, 200, 200, 200, 200),
    "reviews:report_csv": (GET, 200, 200, 200, 200, 200),
    # --- reminders
    "reminders:list": (GET, LOGIN, 200, 200, 200, 200),
    "reminders:preferences": (GET, LOGIN, 200, 200, 200, 200),
    "reminders:unsubscribe": (GET, 200, 200, 200, 200, 200),
    "reminders:settings": (GET, LOGIN, 403, 403, 403, 403),
    # --- audit: a compact's history, for its own steering group
    "audit:compact": (GET, LOGIN, 403, 403, 403, 403),
    # --- outbox
    # Staff, and each steering group for its own compact's e-mails (Hillside's: none here).
    "outbox:late": (GET, LOGIN, 403, 403, 200, 403),
    "outbox:send_again": (POST, LOGIN, 403, 403, 404, 403),
}


@dataclass
class World:
    people: dict
    kwargs: dict  # URL name -> the arguments that name the world's object
    private: list  # words only the world's own people may read
    insiders: list  # (URL name, who may open it, private words it shows them)


def _url_names(resolver=None, namespace=()) -> set[str]:
    """Every URL name in the project, with its namespaces ("disputes:detail")."""
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (*namespace, pattern.namespace) if pattern.namespace else namespace
            names |= _url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(":".join((*namespace, pattern.name)))
    return names


def test_every_url_name_is_in_the_table():
    names = _url_names()
    missing = sorted(names - set(ROUTES))
    assert not missing, f"Add these URL names to ROUTES, with who may open them: {missing}"
    gone = sorted(set(ROUTES) - names)
    assert not gone, f"These URL names are no longer in the project: {gone}"


def _build_world() -> World:
    # The concern, its parties, a document, the panel (tests/disputes' demo-like set).
    parties = make_parties()
    compact = parties.compact
    case = case_for(parties, stage=Stage.IN_MEDIATION, mediator=parties.mediator)
    entry = disputes_services.case_post_message(
        actor=parties.raiser, case=case, body="Evidence attached", attachments=[pdf_upload()]
    )
    attachment = Attachment.objects.get(case=case)
    panel_member = MediationPanelMember.objects.get(compact=compact, user=parties.mediator)
    youth_club, council = parties.raiser_org, parties.respondent_org
    club_signature = Signatory.objects.get(organisation=youth_club, compact=compact)
    club_signature.verification_code = "ABCDEFGHJKLM"
    club_signature.save(update_fields=["verification_code"])
    champion = ChampionFactory(signatory=club_signature)

    # The council's funding change to the club, its request, a consultation, the calendar.
    change = FundingChangeFactory(
        compact=compact, funding_body=council, recipient=youth_club, logged_by=parties.respondent
    )
    exceptional = ExceptionalRequest.objects.create(
        funding_change=change, reason="The grant ended suddenly", requested_by=parties.respondent
    )
    consultation = ConsultationFactory(
        compact=compact, organisation=council, closes_on=datetime.date(2026, 10, 1)
    )
    feed, _ = CalendarFeed.objects.get_or_create(organisation=council)

    # People joining: an invitation, a join request, a sign-up under way and one sent.
    invitation = InvitationFactory(organisation=youth_club, email="kim@example.org")
    join_request = JoinRequest.objects.create(organisation=youth_club, user=UserFactory())
    application = SignUpApplication.objects.create(user=parties.raiser, compact=compact)
    pending = SignatoryFactory(
        compact=compact,
        organisation=OrganisationFactory(name="Riverside Allotments"),
        status=Signatory.Status.PENDING,
        submitted_by=parties.raiser,
    )

    # A code of practice adopted under the compact, as a PDF.
    code = commitments_services.compact_document_add(
        actor=None,
        compact=compact,
        title="Funding code",
        kind="funding",
        adopted_on=datetime.date(2025, 3, 3),
        upload=pdf_upload("funding-code.pdf"),
    )

    # Reviews: the demo's review template, the club's action plan for the year.
    load_demo_template(compact)
    plan_with(compact, youth_club, 2026, {})

    # A reminder that failed to send and an e-mail that is late.
    deadline = Deadline.objects.create(
        kind=Kind.APPLICATION_WAITING,
        content_type=ContentType.objects.get_for_model(Signatory),
        object_id=pending.pk,
        compact=compact,
        title="An application waits",
        url=reverse("signatories:application", args=[pending.pk]),
        due_on=TODAY,
    )
    reminder = Reminder.objects.create(
        deadline=deadline,
        kind=Kind.APPLICATION_WAITING,
        recipient=parties.steering,
        due_on=TODAY,
        offset_days=0,
        message="An application waits",
        status=Reminder.Status.FAILED,
        attempts=7,
    )
    email_queue(to=["someone@example.org"], template="core_feedback", context={"message": "Hi"})
    message = Message.objects.latest("pk")

    # The five people with no business with any of it.
    hillside = published_compact(name="Hillside Compact")
    publish_new_version(hillside, published_at=timezone.now())
    food_bank = OrganisationFactory(name="Hillside Food Bank")
    SignatoryFactory(organisation=food_bank, compact=hillside)
    nhs_trust = StatutoryBodyFactory(name="Riverside NHS Trust")
    SignatoryFactory(organisation=nhs_trust, compact=compact)
    people = {
        "anonymous": None,
        "member": MembershipFactory(organisation=food_bank).user,
        "officer": MembershipFactory(organisation=nhs_trust, role=Membership.Role.MEMBER).user,
        "steering": SteeringGroupMemberFactory(compact=hillside).user,
        "mediator": UserFactory(),
    }
    MediationPanelMember.objects.create(compact=compact, user=people["mediator"])

    by_parameter = {
        "slug": youth_club.slug,
        "compact_slug": compact.slug,
        "organisation_slug": youth_club.slug,
        "year": 2026,
        "table_key": "signatories-by-sector",
        "token": invitation.token,
        "code": "ABCD-EFGH-JKLM",
        "entry_pk": entry.pk,
        "document_pk": attachment.pk,
        "member_pk": panel_member.pk,
        # allauth's and the admin's: made up, checked only after sign-in.
        "key": "not-a-real-key",
        "uidb36": "1",
        "object_id": "1",
        "id": "1",
        "content_type_id": "1",
        "app_label": "commitments",
    }
    pk_of = {
        "disputes": case.pk,
        "accountability:funding": change.pk,
        "accountability:exceptional": exceptional.pk,
        "accountability:consultation": consultation.pk,
        "signatories:signup": application.pk,
        "signatories:signup_done": pending.pk,
        "signatories:application": pending.pk,
        "signatories:join_request": join_request.pk,
        "signatories:champion_step_down": champion.pk,
        "signatories": club_signature.pk,
        "reminders": reminder.pk,
        "outbox": message.pk,
        "commitments": code.document.pk,
        "mfa": 1,  # a security key: made up, checked only after sign-in
    }
    per_name = {
        "commitments:detail": {"slug": compact.slug},
        **{
            f"commitments:{name}": {"slug": compact.slug}
            for name in (
                "draft",
                "draft_rules",
                "draft_partners",
                "draft_section_add",
                "draft_preview",
                "draft_publish",
            )
        },
        "commitments:draft_section": {"slug": compact.slug, "position": 1},
        "commitments:draft_section_remove": {"slug": compact.slug, "position": 1},
        "commitments:pdf": {"slug": compact.slug},
        "commitments:changes_latest": {"slug": hillside.slug},
        "commitments:changes": {"slug": hillside.slug, "old": 1, "new": 2},
        "commitments:documents": {"slug": compact.slug},
        "commitments:document_add": {"slug": compact.slug},
        "commitments:document_version_add": {"slug": compact.slug, "pk": code.document.pk},
        "commitments:document_file": {"slug": compact.slug, "pk": code.document.pk, "number": 1},
        "signatories:record_on_behalf": {"slug": compact.slug},
        "signatories:directory_compact": {"slug": compact.slug},
        "signatories:directory_compact_csv": {"slug": compact.slug},
        "signatories:directory_compact_json": {"slug": compact.slug},
        "accountability:organisation": {"slug": council.slug},
        "accountability:calendar_reset": {"slug": council.slug},
        "accountability:calendar": {"token": feed.token},
        "accountability:body_record": {"slug": council.slug},
        "accountability:compact_record": {"slug": compact.slug},
        "reminders:settings": {"slug": compact.slug},
        "reminders:unsubscribe": {
            "token": unsubscribe_token(user_id=parties.steering.pk, kinds_=[Kind.NO_CHAMPION])
        },
    }
    kwargs = {}
    for name in ROUTES:
        wanted = _parameters(name)
        values = dict(by_parameter)
        if "pk" in wanted:
            prefix = max((p for p in pk_of if name.startswith(p)), key=len)
            values["pk"] = pk_of[prefix]
        values.update(per_name.get(name, {}))
        kwargs[name] = {parameter: values[parameter] for parameter in wanted}
    private = [
        case.title,
        "Evidence attached",
        exceptional.reason,
        join_request.user.email,
        reminder.message,
        "someone@example.org",  # the late e-mail's recipient
    ]
    insiders = [
        ("disputes:detail", parties.raiser, [case.title, "Evidence attached"]),
        ("accountability:exceptional_decide", parties.steering, [exceptional.reason]),
        ("signatories:dashboard", parties.raiser, [join_request.user.email]),
    ]
    return World(people=people, kwargs=kwargs, private=private, insiders=insiders)


def _parameters(name: str) -> list[str]:
    resolver = get_resolver()
    *namespaces, short = name.split(":")
    for namespace in namespaces:
        resolver = resolver.namespace_dict[namespace][1]
    possibilities = resolver.reverse_dict.getlist(short)
    return list(possibilities[0][0][0][1])


def _outcome(response) -> object:
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("admin:login")):
            return ADMIN
        if location.startswith(reverse("account_login") + "?next="):
            return LOGIN
    return response.status_code


@pytest.fixture
def world(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    noon = datetime.datetime.combine(TODAY, datetime.time(12), tzinfo=datetime.UTC)
    with time_machine.travel(noon, tick=False):
        yield _build_world()


@pytest.mark.parametrize("role", ROLES)
def test_each_route_answers_each_role_as_the_table_says(client, world, role):
    person = world.people[role]
    if person is not None:
        EmailAddress.objects.get_or_create(user=person, email=person.email, verified=True)
        client.force_login(person)
    column = ROLES.index(role) + 1
    wrong = []
    for name, row in ROUTES.items():
        url = reverse(name, kwargs=world.kwargs[name])
        response = client.post(url) if row[0] == POST else client.get(url)
        if _outcome(response) != row[column]:
            wrong.append(f"{name} ({url}): {_outcome(response)!r}, expected {row[column]!r}")
        content = b"" if response.streaming else response.content
        shown = [words for words in world.private if words.encode() in content]
        if shown:
            wrong.append(f"{name} ({url}) shows {shown}")
        if person is not None and not client.session.get("_auth_user_id"):
            client.force_login(person)  # a page that signs people out (account_logout, say)
    assert not wrong, f"{role}:\n" + "\n".join(wrong)
    assert timezone.localdate() == TODAY


def test_the_private_words_are_there_for_the_people_they_belong_to(client, world):
    """So that the check above, that no outsider sees them, can fail."""
    for name, insider, words in world.insiders:
        client.force_login(insider)
        response = client.get(reverse(name, kwargs=world.kwargs[name]))
        assert response.status_code == 200, name
        for private in words:
            assert private.encode() in response.content, (name, private)
