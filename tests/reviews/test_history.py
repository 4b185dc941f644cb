"""The report's signatory and champion figures, from the status history issue 3 records."""

import datetime

import pytest

from reviews.report import annual_report
from signatories.models import Champion, Signatory, SignatoryStatusChange
from tests.factories import OrganisationFactory, SignatoryFactory, StatutoryBodyFactory
from tests.reviews.factories import compact_with_template
from tests.signatories.factories import ChampionFactory

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


@pytest.fixture(autouse=True)
def after_the_year(time_machine):
    time_machine.move_to(datetime.datetime(2027, 2, 1, 9, tzinfo=UTC), tick=False)


def moment(year, month, day):
    return datetime.datetime(year, month, day, 12, tzinfo=UTC)


def signature_with_history(compact, organisation, changes, **kwargs):
    """A signature whose status went through `changes`: [(when, to_status), ...]."""
    # Signed the day its first change was recorded: it joins on that day once accepted.
    kwargs.setdefault("signed_on", changes[0][0].date())
    signatory = SignatoryFactory(
        compact=compact, organisation=organisation, status=changes[-1][1], **kwargs
    )
    previous = ""
    for when, status in changes:
        change = SignatoryStatusChange.objects.create(
            signatory=signatory,
            compact_id=signatory.compact_id,
            from_status=previous,
            to_status=status,
            organisation_name=organisation.name,
        )
        SignatoryStatusChange.objects.filter(pk=change.pk).update(created_at=when)
        previous = status
    return signatory


def test_joined_and_left_follow_the_status_history():
    compact = compact_with_template(name="Riverside Compact")
    active, withdrawn, lapsed = "active", "withdrawn", "lapsed"
    # (sector factory, [(when, status)], signed up on 1 Jan?, at the end of 2026?)
    stories = [
        (
            OrganisationFactory,
            [(moment(2025, 5, 1), "pending"), (moment(2025, 5, 9), active)],
            True,
            True,
        ),
        (
            OrganisationFactory,
            [(moment(2025, 6, 1), active), (moment(2026, 6, 10), withdrawn)],
            True,
            False,
        ),
        (
            OrganisationFactory,
            [(moment(2026, 2, 1), "pending"), (moment(2026, 2, 20), active)],
            False,
            True,
        ),
        (OrganisationFactory, [(moment(2026, 3, 1), "pending")], False, False),
        (StatutoryBodyFactory, [(moment(2026, 9, 1), active)], False, True),
        (
            StatutoryBodyFactory,
            [(moment(2024, 1, 1), active), (moment(2026, 12, 31), lapsed)],
            True,
            False,
        ),
        (OrganisationFactory, [(moment(2027, 1, 5), active)], False, False),  # after the year
    ]
    for factory, changes, _, _ in stories:
        signature_with_history(compact, factory(), changes)
    # One organisation with an old signature ended and a new one active counts once.
    both = OrganisationFactory()
    signature_with_history(
        compact, both, [(moment(2025, 1, 1), active), (moment(2026, 4, 1), withdrawn)]
    )
    signature_with_history(compact, both, [(moment(2026, 4, 1), active)])

    report = annual_report(compact, 2026)

    start = sum(1 for *_, at_start, _ in stories if at_start) + 1
    end = sum(1 for *_, _, at_end in stories if at_end) + 1
    joined = sum(1 for *_, at_start, at_end in stories if at_end and not at_start)
    left = sum(1 for *_, at_start, at_end in stories if at_start and not at_end)
    assert report.tables["signatories-by-sector"].rows[-1] == (
        "All sectors",
        start,
        joined,
        left,
        end,
    )
    assert (start, joined, left, end) == (4, 2, 2, 4)
    rows = {row[0]: row[1:] for row in report.tables["signatories-by-sector"].rows}
    assert rows["Statutory"] == (1, 1, 1, 1)
    months = {row[0]: row[-1] for row in report.tables["signatories-over-time"].rows}
    assert (months["Jan 2026"], months["Feb 2026"], months["Jun 2026"]) == (4, 5, 4)
    assert (months["Sep 2026"], months["Dec 2026"]) == (5, 4)


def test_champion_coverage_counts_champions_serving_at_the_end_of_the_year():
    compact = compact_with_template(name="Riverside Compact")
    lead, departmental, none, stepped_down = (
        SignatoryFactory(compact=compact, organisation=OrganisationFactory()) for _ in range(4)
    )
    statutory_lead = SignatoryFactory(compact=compact, organisation=StatutoryBodyFactory())
    withdrawn = SignatoryFactory(compact=compact, status=Signatory.Status.WITHDRAWN)
    ChampionFactory(signatory=lead, kind=Champion.Kind.LEAD)
    ChampionFactory(signatory=lead, kind=Champion.Kind.DEPARTMENTAL)
    ChampionFactory(signatory=departmental, kind=Champion.Kind.DEPARTMENTAL)
    ChampionFactory(signatory=statutory_lead, kind=Champion.Kind.LEAD)
    ChampionFactory(signatory=withdrawn, kind=Champion.Kind.LEAD)
    gone = ChampionFactory(signatory=stepped_down, kind=Champion.Kind.LEAD)
    Champion.objects.filter(pk=gone.pk).update(stepped_down_at=moment(2026, 10, 1))
    # Appointed after the year: not serving at its end.
    later = ChampionFactory(signatory=none, kind=Champion.Kind.LEAD)
    Champion.objects.filter(pk=later.pk).update(appointed_at=moment(2027, 1, 10))
    Champion.objects.exclude(pk=later.pk).filter(stepped_down_at__isnull=True).update(
        appointed_at=moment(2026, 5, 1)
    )

    report = annual_report(compact, 2026)

    rows = {row[0]: row[1:] for row in report.tables["champion-coverage"].rows}
    assert rows["Voluntary and community"] == (4, 1, 1, 2, "50%")
    assert rows["Statutory"] == (1, 1, 0, 0, "100%")
    assert rows["Private"] == (0, 0, 0, 0, "–")
    assert rows["All sectors"] == (5, 2, 1, 2, "60%")
    assert report.facts["champion_share"] == "60%"


def test_the_report_names_no_champion(client):
    compact = compact_with_template(name="Riverside Compact")
    champion = ChampionFactory(
        signatory=SignatoryFactory(compact=compact),
        name="Priya Champion",
        email="priya@example.org",
    )
    response = client.get(f"/reviews/{compact.slug}/report/2026/")
    assert "Compact Champions" in response.text
    assert champion.name not in response.text
    assert champion.email not in response.text
