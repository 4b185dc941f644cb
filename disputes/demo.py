"""Demo content: a mediator on each demo compact's panel and one concern in progress.

Safe to run again: it finds what it made (by e-mail and case title) and leaves it alone.
When the demo organisations or compacts are not there yet, it says so and does nothing.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from commitments.models import SteeringGroupMember
from signatories.models import Membership, Organisation, Signatory

from . import services
from .models import Case, MediationPanelMember, Stage

DEMO_PASSWORD = "compact-demo-2026"  # noqa: S105 - the demo accounts' shared password
MEDIATOR_EMAIL = "mediator@demo.example"
RAISER_SLUG = "riverside-food-bank"
RESPONDENT_SLUG = "demo-borough-council"
CASE_TITLE = "Food bank grant cut with four weeks' notice"


def _mediator():
    user_model = get_user_model()
    user = user_model.objects.filter(email=MEDIATOR_EMAIL).first()
    if user is None:
        user = user_model.objects.create_user(
            MEDIATOR_EMAIL, DEMO_PASSWORD, full_name="Morgan Mediator"
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def load(stdout) -> None:
    raiser_org = Organisation.objects.filter(slug=RAISER_SLUG).first()
    respondent_org = Organisation.objects.filter(slug=RESPONDENT_SLUG).first()
    if raiser_org is None or respondent_org is None:
        stdout.write("Demo concerns: the demo organisations are not there yet; skipped.")
        return
    signed = Signatory.objects.filter(status=Signatory.Status.ACTIVE)
    compact_ids = set(signed.filter(organisation=raiser_org).values_list("compact_id", flat=True))
    compact_ids &= set(
        signed.filter(organisation=respondent_org).values_list("compact_id", flat=True)
    )
    if not compact_ids:
        stdout.write("Demo concerns: no compact both demo organisations have signed; skipped.")
        return
    mediator = _mediator()
    for compact_id in compact_ids:
        MediationPanelMember.objects.get_or_create(
            compact_id=compact_id,
            user=mediator,
            defaults={"about": "Accredited community mediator (demo)"},
        )
    if Case.objects.filter(title=CASE_TITLE).exists():
        stdout.write("Demo concerns: already there, left as they are.")
        return
    membership = Membership.objects.filter(organisation=raiser_org).select_related("user").first()
    if membership is None:
        stdout.write("Demo concerns: the demo food bank has no members yet; skipped.")
        return
    signature = signed.filter(organisation=raiser_org, compact_id__in=compact_ids).first()
    compact = signature.compact
    principle = signature.version.principles.order_by("position").first()
    case = services.case_save(
        actor=membership.user,
        raised_by_organisation=raiser_org,
        compact=compact,
        about_organisation=respondent_org,
        title=CASE_TITLE,
        what_happened=(
            "We were told by e-mail that our grant for the winter food project would be "
            "halved from next month, with no reasons given."
        ),
        what_has_been_tried="We asked the grants team for a meeting; no reply yet.",
        outcome_wanted="The notice the compact promises, and a chance to discuss it.",
        principles=[principle] if principle else [],
        submit=principle is not None,
    )
    steering = SteeringGroupMember.objects.filter(compact=compact).select_related("user").first()
    if steering and case.stage == Stage.SUBMITTED:
        services.case_move(
            actor=steering.user,
            case=case,
            target=Stage.ACKNOWLEDGED,
            message="Thank you: we have asked the council to respond.",
        )
    stdout.write(
        f"Demo concerns: case {case.reference} raised by {raiser_org.name}; mediator "
        f"{MEDIATOR_EMAIL} (password {DEMO_PASSWORD}) is on the panel."
    )
