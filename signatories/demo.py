"""Demo organisations of every sector signed to the demo compacts, and two demo accounts.

Safe to run again: it finds what it made by slug or e-mail and leaves it alone. When no
compact has been published yet, it makes the organisations and accounts and signs nothing.
"""

import datetime

from allauth.account.models import EmailAddress

from accounts.models import User
from commitments.models import Compact, CompactVersion

from .models import Champion, Membership, Organisation, Signatory
from .services import organisation_clean_details, signatory_create

DEMO_PASSWORD = "compact-demo-2026"  # noqa: S105 - printed for the demo, never for real use
ORGANISATIONS = [
    # name, sector, kind, charity number, company number, council/NHS code, postcode
    ("Riverside Food Bank", "vcs", "registered_charity", "1123456", "", "", "DA6 7AT"),
    ("Hillside Youth Club", "vcs", "community_group", "", "", "", "DA7 4BW"),
    ("Brook Community Transport", "vcs", "cic", "", "09876543", "", "CM14 4HD"),
    ("Demo Borough Council", "statutory", "council", "", "", "DBC", "DA6 7AT"),
    ("Demo NHS Integrated Care Board", "statutory", "nhs", "", "", "QKK", "SE1 9RT"),
    ("Demo Fire and Rescue Service", "statutory", "fire", "", "", "", "CM1 1QH"),
    ("Greenway Builders", "private", "business", "", "SC123456", "", "CM15 8AY"),
]
ACCOUNTS = [
    (
        "org.admin@demo.example",
        "Olu Administrator",
        "Riverside Food Bank",
        "organisation administrator of Riverside Food Bank",
    ),
    (
        "officer@demo.example",
        "Sasha Officer",
        "Demo Borough Council",
        "statutory officer (administrator) of Demo Borough Council",
    ),
]
DECLARATION = {
    "signed_by_name": "Demo signatory",
    "signed_by_role": "Chair",
    "has_read_and_discussed": True,
    "will_appoint_champion": True,
    "will_promote": True,
}


def load(stdout) -> None:
    organisations = {}
    for name, sector, kind, charity, company, code, postcode in ORGANISATIONS:
        slug = name.lower().replace(" ", "-")
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            details = organisation_clean_details(
                {
                    "name": name,
                    "sector": sector,
                    "kind": kind,
                    "charity_number": charity,
                    "company_number": company,
                    "register_code": code,
                    "postcode": postcode,
                    "email": f"hello@{slug}.example",
                }
            )
            organisation = Organisation.objects.create(slug=slug, **details)
        organisations[name] = organisation

    for email, full_name, organisation_name, role in ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email, password=DEMO_PASSWORD, full_name=full_name
            )
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        Membership.objects.get_or_create(
            organisation=organisations[organisation_name],
            user=user,
            defaults={"role": Membership.Role.ADMINISTRATOR},
        )
        stdout.write(f"Demo account {email} / {DEMO_PASSWORD}: {role}")

    compacts = Compact.objects.filter(versions__status=CompactVersion.Status.PUBLISHED).distinct()
    if not compacts:
        stdout.write("No published compact yet: demo organisations made, none signed.")
        return
    for compact in compacts:
        for name, organisation in organisations.items():
            if organisation.signatures.filter(compact=compact).exists():
                continue
            # One VCS group waits in the approval queue; everyone else is signed.
            waiting = name == "Hillside Youth Club"
            signatory = signatory_create(
                actor=None,
                organisation=organisation,
                compact=compact,
                declaration=DECLARATION,
                status=Signatory.Status.PENDING if waiting else Signatory.Status.ACTIVE,
                signed_on=datetime.date(2026, 4, 1),
                reason="Demo content",
            )
            if not waiting and organisation.sector != "private":
                Champion.objects.create(
                    signatory=signatory,
                    kind=Champion.Kind.LEAD,
                    name=f"{name} champion",
                    email=f"champion@{organisation.slug}.example",
                    deputy_name="Deputy champion",
                    senior_contact_name="Chief executive",
                    senior_contact_role="Chief executive",
                )
        stdout.write(f"Demo signatories of {compact.name} loaded.")
