"""Fill an empty, migrated PostgreSQL database with every compact in England.

    createdb -h 127.0.0.1 -U postgres cp_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/cp_bench
    .venv/bin/python manage.py migrate
    .venv/bin/python bench/national.py --organisations 100000 --compacts 200

With the defaults of issue 14 (100,000 organisations, 200 compacts) it writes: 2% statutory
bodies, ten to a compact; about 105,000 signatures (most active; some pending, asking for
information, rejected, withdrawn or lapsed; one organisation in twenty signs a second
compact) with their status history; champions on a third of active signatures (some
stepped down); one administrator per organisation (a user with a membership) and a
member for every tenth; three steering group members per compact; funding changes
(a fifth of the organisations' count), consultations (one per twenty) and cases (one per
fifty, at every stage). Rows are made in Python and written with COPY, the ids chosen
here, so 100,000 organisations take a minute or two. `--seed` makes the same data again.
"""

import argparse
import datetime
import itertools
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "compact_portal.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

PLACES = (  # noqa: SIM905 (a list of names reads better as one string)
    "Ashford Barnet Bedford Bexley Bolton Bradford Brent Brighton Bristol Bromley Bury Calderdale "
    "Camden Cheshire Coventry Croydon Cumbria Derby Devon Doncaster Dorset Dudley Durham Ealing "
    "Enfield Essex Gateshead Gloucester Hackney Halton Haringey Harrow Havering Hertford Hull "
    "Islington Kent Kirklees Knowsley Lambeth Leeds Leicester Lewisham Lincoln Luton Medway Merton "
    "Newham Norfolk Oldham Oxford Plymouth Poole Reading Redbridge Rochdale Salford Sandwell "
    "Sefton Sheffield Slough Solihull Southwark Stockport Suffolk Sunderland Surrey Sutton Swindon "
    "Tameside Torbay Trafford Wakefield Walsall Wandsworth Warrington Wigan Wirral Wolverhampton "
    "Worcester York"
).split()
COMPACT_FORMS = ("{p}", "North {p}", "South {p}", "{p} and District", "Greater {p}")
THEMES = (
    "Youth",
    "Food Bank",
    "Older People's",
    "Carers",
    "Mental Health",
    "Refugee",
    "Arts",
    "Sports",
    "Housing",
    "Women's",
    "Family",
    "Disability",
    "Community",
    "Environmental",
    "Heritage",
    "Advice",
    "Scouts",
    "Hospice",
    "Neighbourhood",
    "Learning",
)
VCS_FORMS = (
    ("Trust", "registered_charity"),
    ("Association", "registered_charity"),
    ("Project", "cio"),
    ("Network", "cio"),
    ("Group", "community_group"),
    ("Club", "community_group"),
    ("Partnership", "cic"),
    ("Enterprise", "social_enterprise"),
    ("Housing", "housing_association"),
    ("Forum", "other"),
)
STATUTORY_FORMS = (
    ("{p} Borough Council", "council"),
    ("{p} Integrated Care Board", "nhs"),
    ("{p} Police", "police"),
    ("{p} Fire and Rescue Service", "fire"),
    ("{p} Community Health NHS Trust", "nhs"),
)
# Where signatures stand: most in good standing, the rest spread as a real directory would be.
SIGNATURE_STATUSES = (
    ("active", 80),
    ("pending", 5),
    ("information_requested", 2),
    ("rejected", 3),
    ("withdrawn", 6),
    ("lapsed", 4),
)
# The status history that leads to each status, from the first application.
STATUS_PATHS = {
    "pending": ["pending"],
    "information_requested": ["pending", "information_requested"],
    "active": ["pending", "active"],
    "rejected": ["pending", "rejected"],
    "withdrawn": ["pending", "active", "withdrawn"],
    "lapsed": ["pending", "active", "lapsed"],
}
CASE_STAGES = (
    "draft",
    "submitted",
    "acknowledged",
    "resolving",
    "in_mediation",
    "steering_review",
    "closed",
    "closed",
    "closed",
)
OUTCOMES = ("resolved_by_agreement", "upheld", "not_upheld", "withdrawn")
FIRST_NAMES = "Amira Ben Chloe Dev Ellie Femi Grace Hassan Isla Jack Kiran Leah Mo Nia Omar Priya"
SURNAMES = "Ahmed Brown Clarke Davies Evans Fraser Green Hughes Iqbal Jones Khan Lewis Patel Smith"


class Ids:
    """Hands out primary keys from a table's sequence, so rows can point at each other
    before they are written."""

    def __init__(self, model):
        self.table = model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {self.table}")  # noqa: S608
            self.next = cursor.fetchone()[0] + 1

    def take(self) -> int:
        self.next += 1
        return self.next - 1


def copy_rows(model, rows: list[dict]) -> int:
    """COPY `rows` (dicts by attribute name, each with its `id`) into the model's table;
    fields not given take the model's default. Moves the id sequence past the last row."""
    if not rows:
        return 0
    fields = [f for f in model._meta.concrete_fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    defaults = {f.attname: f.get_default() for f in fields}
    table = model._meta.db_table
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor, for COPY
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # noqa: S608
            for row in rows:
                copy.write_row(
                    [
                        f.get_db_prep_save(
                            row[f.attname] if f.attname in row else defaults[f.attname], connection
                        )
                        for f in fields
                    ]
                )
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"  # noqa: S608
        )
    return len(rows)


def weighted(rng: random.Random, choices) -> str:
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights)[0]


def generate(*, organisations: int, compacts: int, seed: int, out=print) -> dict[str, int]:
    from accountability.models import Consultation, FundingChange
    from accounts.models import User
    from commitments.models import (
        Compact,
        CompactVersion,
        LocalAuthorityArea,
        Principle,
        SteeringGroupMember,
    )
    from disputes.models import Case
    from signatories.models import (
        Champion,
        Membership,
        Organisation,
        Signatory,
        SignatoryStatusChange,
    )

    if Organisation.objects.exists() or Compact.objects.exists():
        raise SystemExit("The database already has compacts or organisations: use an empty one.")
    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    password = make_password("bench-password")  # one hash for every account: hashing is slow
    counts: dict[str, int] = {}

    def moment(days_ago: int) -> datetime.datetime:
        return now - datetime.timedelta(days=days_ago, minutes=rng.randrange(1440))

    # Compacts, each with one published version of three principles.
    compact_ids, version_ids, principle_ids = Ids(Compact), Ids(CompactVersion), Ids(Principle)
    compact_rows, version_rows, principle_rows = [], [], []
    names = (form.format(p=place) for form in COMPACT_FORMS for place in PLACES)
    areas = {}
    for name in itertools.islice(names, compacts):
        compact_id = compact_ids.take()
        areas[compact_id] = name
        compact_rows.append(
            {
                "id": compact_id,
                "name": f"{name} Compact",
                "slug": f"{name.lower().replace(' ', '-')}-compact",
                "area": name,
                "contact_email": "compact@example.org",
                "created_at": now,
            }
        )
        version_rows.append(
            {
                "id": version_ids.take(),
                "compact_id": compact_id,
                "number": 1,
                "label": "2025",
                "adopted_on": datetime.date(2025, 4, 1),
                "status": "published",
                "introduction": f"The compact of {name}.",
                "minimum_notice_months": rng.choice((3, 3, 6)),
                "minimum_consultation_weeks": 12,
                "published_at": now,
                "created_at": now,
            }
        )
        for position, title in enumerate(("Funding", "Consultation", "Volunteering"), start=1):
            principle_rows.append(
                {
                    "id": principle_ids.take(),
                    "version_id": version_rows[-1]["id"],
                    "position": position,
                    "title": title,
                }
            )
    # Local authority areas: one to three a compact, with ONS-shaped codes under E99 (no
    # real council's) so the finder searches as many areas as England has.
    area_ids, area_rows = Ids(LocalAuthorityArea), []
    for compact in compact_rows:
        for suffix in ("", " Rural", " Town")[: rng.randint(1, 3)]:
            area_rows.append(
                {
                    "id": area_ids.take(),
                    "compact_id": compact["id"],
                    "name": compact["area"] + suffix,
                    "ons_code": f"E99{len(area_rows):06d}",
                }
            )
    if len(compact_rows) < compacts:
        raise SystemExit(f"At most {len(compact_rows)} compacts have names here.")
    version_of = {v["compact_id"]: v for v in version_rows}
    principles_of = {}
    for p in principle_rows:
        principles_of.setdefault(p["version_id"], []).append(p["id"])
    compact_list = [c["id"] for c in compact_rows]

    # Organisations: statutory bodies ten to a compact (up to 2%), the rest voluntary groups.
    organisation_ids = Ids(Organisation)
    organisation_rows = []
    statutory_of: dict[int, list[int]] = {c: [] for c in compact_list}
    vcs_of: dict[int, list[int]] = {c: [] for c in compact_list}
    home_of: dict[int, int] = {}
    statutory_count = organisations // 50
    # Voluntary groups gather where people live: a few county compacts are large, most small
    # (Zipf-like: with 200 compacts the largest has about 13,000 of 100,000).
    weights = list(itertools.accumulate(1 / (rank + 1) ** 0.9 for rank in range(len(compact_list))))
    for n in range(organisations):
        organisation_id = organisation_ids.take()
        if n < statutory_count:
            compact_id = compact_list[n % len(compact_list)]
        else:
            compact_id = rng.choices(compact_list, cum_weights=weights)[0]
        place = areas[compact_id]
        if n < statutory_count:
            form, kind = STATUTORY_FORMS[(n // len(compact_list)) % len(STATUTORY_FORMS)]
            name = form.format(p=place)
            if n >= len(compact_list) * len(STATUTORY_FORMS):
                name = f"{name} {n // (len(compact_list) * len(STATUTORY_FORMS)) + 1}"
            sector, charity_number = "statutory", ""
            statutory_of[compact_id].append(organisation_id)
        else:
            suffix, kind = rng.choice(VCS_FORMS)
            name = f"{rng.choice(PLACES)} {rng.choice(THEMES)} {suffix}"
            sector = "vcs"
            charity_number = str(200000 + n) if kind in ("registered_charity", "cio") else ""
            vcs_of[compact_id].append(organisation_id)
        home_of[organisation_id] = compact_id
        organisation_rows.append(
            {
                "id": organisation_id,
                "name": name,
                "slug": f"{name.lower().replace(' ', '-').replace("'", '')}-{n}",
                "sector": sector,
                "kind": kind,
                "charity_number": charity_number,
                "company_number": f"{n:08d}" if kind == "cic" else "",
                "register_code": f"E{n:07d}"[:8] if kind == "council" else "",
                "postcode": "AB1 2CD",
                "email": f"office{n}@example.org",
                "created_at": moment(rng.randrange(900)),
            }
        )

    # People: an administrator for each organisation, a second member for every tenth.
    user_ids = Ids(User)
    user_rows, membership_rows = [], []
    membership_ids = Ids(Membership)
    admin_of = {}
    first_names, surnames = FIRST_NAMES.split(), SURNAMES.split()

    def person(email: str) -> int:
        user_id = user_ids.take()
        user_rows.append(
            {
                "id": user_id,
                "email": email,
                "full_name": f"{rng.choice(first_names)} {rng.choice(surnames)}",
                "password": password,
                "is_active": True,
                "date_joined": now,
            }
        )
        return user_id

    for n, organisation in enumerate(organisation_rows):
        admin = person(f"admin{n}@example.org")
        admin_of[organisation["id"]] = admin
        membership_rows.append(
            {
                "id": membership_ids.take(),
                "organisation_id": organisation["id"],
                "user_id": admin,
                "role": "administrator",
                "joined_at": now,
            }
        )
        if n % 10 == 0:
            membership_rows.append(
                {
                    "id": membership_ids.take(),
                    "organisation_id": organisation["id"],
                    "user_id": person(f"member{n}@example.org"),
                    "role": "member",
                    "joined_at": now,
                }
            )
    steering_ids = Ids(SteeringGroupMember)
    steering_rows = []
    for compact_id in compact_list:
        for role in ("chair", "administrator", "member"):
            steering_rows.append(
                {
                    "id": steering_ids.take(),
                    "compact_id": compact_id,
                    "user_id": person(f"steering-{role}{compact_id}@example.org"),
                    "role": role,
                    "added_at": now,
                }
            )

    # Signatures, their history and champions.
    signatory_ids, change_ids, champion_ids = (
        Ids(Signatory),
        Ids(SignatoryStatusChange),
        Ids(Champion),
    )
    signatory_rows, change_rows, champion_rows = [], [], []
    for n, organisation in enumerate(organisation_rows):
        signed_compacts = [home_of[organisation["id"]]]
        if n % 20 == 7:
            signed_compacts.append(rng.choice(compact_list))
        for compact_id in dict.fromkeys(signed_compacts):
            status = weighted(rng, SIGNATURE_STATUSES)
            days_ago = rng.randrange(30, 900)
            signed_on = today - datetime.timedelta(days=days_ago)
            signatory_id = signatory_ids.take()
            path = STATUS_PATHS[status]
            signatory_rows.append(
                {
                    "id": signatory_id,
                    "organisation_id": organisation["id"],
                    "compact_id": compact_id,
                    "version_id": version_of[compact_id]["id"],
                    "status": status,
                    "signed_by_name": "Chair of trustees",
                    "signed_by_role": "Chair",
                    "has_read_and_discussed": True,
                    "will_appoint_champion": True,
                    "will_promote": True,
                    "signed_on": signed_on,
                    "approved_on": signed_on + datetime.timedelta(days=14)
                    if "active" in path
                    else None,
                    "submitted_by_id": admin_of[organisation["id"]],
                    "verification_code": f"B{signatory_id:09d}" if "active" in path else None,
                    "created_at": moment(days_ago),
                }
            )
            previous = ""
            for step, to_status in enumerate(path):
                change_rows.append(
                    {
                        "id": change_ids.take(),
                        "signatory_id": signatory_id,
                        "compact_id": compact_id,
                        "from_status": previous,
                        "to_status": to_status,
                        "organisation_name": organisation["name"],
                        "created_at": moment(days_ago - step * days_ago // len(path)),
                    }
                )
                previous = to_status
            if status == "active" and rng.random() < 0.3:
                for kind in ("lead", "departmental")[: rng.choice((1, 1, 2))]:
                    champion_rows.append(
                        {
                            "id": champion_ids.take(),
                            "signatory_id": signatory_id,
                            "kind": kind,
                            "name": f"{rng.choice(first_names)} {rng.choice(surnames)}",
                            "email": f"champion{signatory_id}{kind}@example.org",
                            "department": "Partnerships" if kind == "departmental" else "",
                            "senior_contact_name": "Chief executive",
                            "senior_contact_role": "Chief executive",
                            "appointed_at": moment(days_ago // 2),
                            # One in ten has stepped down: still in the table, no longer counted.
                            "stepped_down_at": now
                            if kind == "departmental" and rng.random() < 0.2
                            else None,
                        }
                    )

    # Funding changes from each compact's statutory bodies to its voluntary groups.
    funding_ids = Ids(FundingChange)
    funding_rows = []
    for _ in range(organisations // 5):
        compact_id = rng.choice(compact_list)
        if not statutory_of[compact_id] or not vcs_of[compact_id]:
            continue
        kind = rng.choice(
            ("reduction", "ending", "change_of_terms", "new_award", "increased_award")
        )
        takes_effect_on = today + datetime.timedelta(days=rng.randrange(-400, 300))
        notified = kind in ("reduction", "ending", "change_of_terms") and rng.random() < 0.8
        withdrawn = rng.random() < 0.05
        funder = rng.choice(statutory_of[compact_id])
        funding_rows.append(
            {
                "id": funding_ids.take(),
                "compact_id": compact_id,
                "funding_body_id": funder,
                "recipient_id": rng.choice(vcs_of[compact_id]),
                "programme": f"{rng.choice(THEMES)} services",
                "kind": kind,
                "current_annual_amount": Decimal(rng.randrange(5, 500) * 1000),
                "new_annual_amount": Decimal(rng.randrange(0, 500) * 1000),
                "decided_on": takes_effect_on - datetime.timedelta(days=150),
                "notice_given_on": takes_effect_on - datetime.timedelta(days=rng.randrange(30, 200))
                if notified
                else None,
                "takes_effect_on": takes_effect_on,
                "rationale": "The budget for next year was set lower.",
                "minimum_notice_months": version_of[compact_id]["minimum_notice_months"],
                "status": "withdrawn" if withdrawn else ("notified" if notified else "planned"),
                "logged_by_id": admin_of[funder],
                "created_at": moment(rng.randrange(400)),
                "withdrawn_at": now if withdrawn else None,
                "withdrawal_reason": "Decided against." if withdrawn else "",
            }
        )

    consultation_ids = Ids(Consultation)
    consultation_rows = []
    for _ in range(organisations // 20):
        compact_id = rng.choice(compact_list)
        if not statutory_of[compact_id]:
            continue
        body = rng.choice(statutory_of[compact_id])
        opens_on = today + datetime.timedelta(days=rng.randrange(-500, 60))
        closes_on = opens_on + datetime.timedelta(weeks=rng.choice((6, 8, 12, 12, 12)))
        feedback = closes_on < today - datetime.timedelta(days=60) and rng.random() < 0.6
        consultation_rows.append(
            {
                "id": consultation_ids.take(),
                "compact_id": compact_id,
                "organisation_id": body,
                "title": f"{rng.choice(THEMES)} strategy {opens_on.year}",
                "summary": "What should change over the next five years.",
                "link": "https://example.org/consultation",
                "audience": "Residents and voluntary groups",
                "opens_on": opens_on,
                "closes_on": closes_on,
                "minimum_weeks": 12,
                "shorter_reason": "Deadline set by government."
                if closes_on - opens_on < datetime.timedelta(weeks=12)
                else "",
                "feedback_we_asked": "About priorities." if feedback else "",
                "feedback_you_said": "Keep the youth service." if feedback else "",
                "feedback_we_did": "Kept it." if feedback else "",
                "feedback_published_on": closes_on + datetime.timedelta(days=40)
                if feedback
                else None,
                "logged_by_id": admin_of[body],
                "created_at": moment(max(0, (today - opens_on).days)),
            }
        )

    case_ids = Ids(Case)
    case_rows, case_principle_rows = [], []
    for _ in range(organisations // 50):
        compact_id = rng.choice(compact_list)
        if not statutory_of[compact_id] or not vcs_of[compact_id]:
            continue
        raiser = rng.choice(vcs_of[compact_id])
        stage = rng.choice(CASE_STAGES)
        submitted = (
            now - datetime.timedelta(days=rng.randrange(10, 500)) if stage != "draft" else None
        )
        case_id = case_ids.take()
        version = version_of[compact_id]["id"]
        case_rows.append(
            {
                "id": case_id,
                "compact_id": compact_id,
                "version_id": version,
                "raised_by_organisation_id": raiser,
                "about_organisation_id": rng.choice(statutory_of[compact_id]),
                "raised_by_id": admin_of[raiser],
                "title": "Funding ended without notice",
                "what_happened": "Our grant ended with four weeks' notice.",
                "stage": stage,
                "stage_entered_at": submitted,
                "submitted_at": submitted,
                "reached_mediation_at": submitted
                if stage in ("in_mediation", "steering_review")
                else None,
                "closed_at": now if stage == "closed" else None,
                "outcome": rng.choice(OUTCOMES) if stage == "closed" else "",
                "created_at": submitted or now,
            }
        )
        case_principle_rows.append((case_id, principles_of[version][0]))

    with transaction.atomic():
        for model, rows in (
            (Compact, compact_rows),
            (LocalAuthorityArea, area_rows),
            (CompactVersion, version_rows),
            (Principle, principle_rows),
            (Organisation, organisation_rows),
            (User, user_rows),
            (Membership, membership_rows),
            (SteeringGroupMember, steering_rows),
            (Signatory, signatory_rows),
            (SignatoryStatusChange, change_rows),
            (Champion, champion_rows),
            (FundingChange, funding_rows),
            (Consultation, consultation_rows),
            (Case, case_rows),
        ):
            started = time.perf_counter()
            counts[model._meta.label] = copy_rows(model, rows)
            seconds = time.perf_counter() - started
            out(f"{model._meta.label:40} {len(rows):>8,} rows  {seconds:5.1f} s")
        through = Case.principles.through
        through.objects.bulk_create(
            [through(case_id=c, principle_id=p) for c, p in case_principle_rows], batch_size=5000
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--organisations", type=int, default=100_000)
    parser.add_argument("--compacts", type=int, default=200)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("bench/national.py writes with COPY: set DATABASE_URL to PostgreSQL.")
    started = time.perf_counter()
    generate(organisations=args.organisations, compacts=args.compacts, seed=args.seed)
    print(f"done in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
