"""Demo content for the embedded run: two fictional compacts and their steering groups.

The compacts are compact files (commitments/demo/*.yaml) loaded through the same
import service a steering group uses. Run again, this finds what it made and leaves
it alone, along with anything people have changed since.
"""

import datetime
from pathlib import Path

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from core.pdf import render_pdf

from .compact_file import parse_compact_file
from .drafts import draft_of, draft_start
from .models import Compact, LocalAuthorityArea, SteeringGroupMember
from .services import compact_document_add, compact_document_version_add, compact_import

DEMO_DIRECTORY = Path(__file__).parent / "demo"
# Every demo account shares this password; other apps' demo loaders reuse it.
DEMO_PASSWORD = "compact-demo-2026"  # noqa: S105 (printed on the console on purpose)

STEERING_GROUPS = {
    "riverside": [
        ("chair@riverside.example", "Amara Okafor", SteeringGroupMember.Role.CHAIR),
        ("admin@riverside.example", "Tom Price", SteeringGroupMember.Role.ADMINISTRATOR),
    ],
    "oakfield": [
        ("chair@oakfield.example", "Helen Marsh", SteeringGroupMember.Role.CHAIR),
        ("admin@oakfield.example", "Ravi Sandhu", SteeringGroupMember.Role.ADMINISTRATOR),
    ],
}
ADMIN_EMAIL = "admin@compactportal.example"

# The demo compacts' local authority areas: fictional places, with codes shaped like the
# ONS's but beyond the ranges it has given out, so no real council is named.
DEMO_AREAS = {
    "riverside": [("E09000099", "Riverside")],
    "oakfield": [("E07000998", "Oakfield"), ("E07000999", "Oakfield Vale")],
}


def demo_user(email: str, full_name: str, *, staff: bool = False):
    """The demo account for `email` with a verified address; created once, never reset."""
    user_model = get_user_model()
    user = user_model.objects.filter(email=email).first()
    created = user is None
    if created:
        if staff:
            user = user_model.objects.create_superuser(email, DEMO_PASSWORD, full_name=full_name)
        else:
            user = user_model.objects.create_user(email, DEMO_PASSWORD, full_name=full_name)
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user, created


def load(stdout) -> None:
    for path in sorted(DEMO_DIRECTORY.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        slug = parse_compact_file(text).slug
        if Compact.objects.filter(slug=slug).exists():
            stdout.write(f"Demo compact {slug}: already there, left as it is.")
            continue
        stdout.write(compact_import(text=text).message)
    _load_demo_areas()
    _load_demo_codes(stdout)
    # Oakfield's steering group has the next version under way, so its draft pages have
    # something to show (Riverside's text is left for the walk's refresh by import).
    oakfield = Compact.objects.filter(slug="oakfield").first()
    if oakfield is not None and draft_of(oakfield) is None:
        draft_start(compact=oakfield)
        stdout.write("Demo compact oakfield: a draft of its next version was started.")

    stdout.write("")
    stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
    for slug, members in STEERING_GROUPS.items():
        compact = Compact.objects.filter(slug=slug).first()
        if compact is None:
            continue
        for email, full_name, role in members:
            user, created = demo_user(email, full_name)
            SteeringGroupMember.objects.get_or_create(
                compact=compact, user=user, defaults={"role": role}
            )
            note = "" if created else " (already there)"
            stdout.write(f"  {email:32} {role.label} of the {compact.name} steering group{note}")
    user, created = demo_user(ADMIN_EMAIL, "Portal administrator", staff=True)
    note = "" if created else " (already there)"
    stdout.write(f"  {ADMIN_EMAIL:32} Site administrator (Django admin at /admin/){note}")
    stdout.write(
        "  Staff and steering-group members must set up two-factor sign-in (an authenticator "
        "app, or a security key or passkey) the first time they sign in."
    )


DEMO_CODE_TITLE = "Riverside funding code"
DEMO_CODE_TEXT = """\
This code sets out how the council and its partners fund voluntary and community groups.

1. Funding is offered for three years wherever the work will last that long.
2. Grant conditions are agreed before the grant starts, and are in proportion to the sum.
3. Groups may include a fair share of their running costs in every bid.
4. Monitoring asks only for what is used, on one shared form where partners fund together.
"""


def _load_demo_areas() -> None:
    for slug, areas in DEMO_AREAS.items():
        compact = Compact.objects.filter(slug=slug).first()
        if compact is None:
            continue
        for ons_code, name in areas:
            LocalAuthorityArea.objects.get_or_create(
                compact=compact, ons_code=ons_code, defaults={"name": name}
            )


def _load_demo_codes(stdout) -> None:
    _load_riverside_code(stdout)
    _load_oakfield_code(stdout)


def _load_riverside_code(stdout) -> None:
    """Riverside's funding code, adopted in two versions: the second as its text."""
    compact = Compact.objects.filter(slug="riverside").first()
    if compact is None or compact.documents.filter(title=DEMO_CODE_TITLE).exists():
        return
    first = compact_document_add(
        actor=None,
        compact=compact,
        title=DEMO_CODE_TITLE,
        kind="funding",
        adopted_on=datetime.date(2024, 9, 18),
        link="https://riverside.example/compact/funding-code-2024",
    )
    compact_document_version_add(
        actor=None,
        document=first.document,
        adopted_on=datetime.date(2026, 3, 4),
        text=DEMO_CODE_TEXT,
    )
    stdout.write(f"Demo code: {DEMO_CODE_TITLE}, two versions, on the {compact.name} page.")


OAKFIELD_CODE_TITLE = "Oakfield consultation code"


def _load_oakfield_code(stdout) -> None:
    """Oakfield's consultation code, uploaded as a PDF (made here, as the portal makes its own)."""
    compact = Compact.objects.filter(slug="oakfield").first()
    if compact is None or compact.documents.filter(title=OAKFIELD_CODE_TITLE).exists():
        return
    adopted_on = datetime.date(2025, 11, 20)
    context = {"title": OAKFIELD_CODE_TITLE, "compact": compact, "adopted_on": adopted_on}
    content = render_pdf("commitments/demo_code_pdf.html", context)
    compact_document_add(
        actor=None,
        compact=compact,
        title=OAKFIELD_CODE_TITLE,
        kind="consultation",
        adopted_on=adopted_on,
        upload=ContentFile(content, name="oakfield-consultation-code.pdf"),
    )
    stdout.write(f"Demo code: {OAKFIELD_CODE_TITLE}, a PDF, on the {compact.name} page.")
