import datetime

import pytest
import time_machine
from django.contrib import admin
from django.test import RequestFactory

from disputes import selectors, services
from disputes.models import Case, Outcome, Stage, TimelineEntry
from tests.disputes.factories import case_for

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def _walk(parties, *, principle, outcome, start):
    """Take a new case through the real services, a few days per stage."""
    with time_machine.travel(start, tick=False) as clock:
        case = case_for(parties, stage=Stage.DRAFT, principles=[principle])
        case = services.case_move(actor=parties.raiser, case=case, target=Stage.SUBMITTED)
        clock.shift(datetime.timedelta(days=2))
        case = services.case_move(actor=parties.steering, case=case, target=Stage.ACKNOWLEDGED)
        clock.shift(datetime.timedelta(days=5))
        case = services.case_move(actor=parties.respondent, case=case, target=Stage.RESOLVING)
        clock.shift(datetime.timedelta(days=10))
        return services.case_move(
            actor=parties.steering,
            case=case,
            target=Stage.CLOSED,
            outcome=outcome,
            lessons=f"Lesson about {principle.title}",
        )


def test_case_statistics_count_by_principle_outcome_and_time_in_stage(parties):
    first, second = parties.principles
    start = datetime.datetime(2026, 3, 2, 10, tzinfo=UTC)
    _walk(parties, principle=first, outcome=Outcome.UPHELD, start=start)
    _walk(parties, principle=first, outcome=Outcome.NOT_UPHELD, start=start)
    _walk(
        parties,
        principle=second,
        outcome=Outcome.UPHELD,
        start=datetime.datetime(2025, 6, 2, 10, tzinfo=UTC),
    )
    case_for(parties, stage=Stage.DRAFT)  # drafts are not counted

    figures = selectors.case_statistics(compact=parties.compact)
    assert figures["total"] == 3
    assert figures["by_principle"] == [(first.title, 2), (second.title, 1)]
    assert dict(figures["by_outcome"]) == {
        "Resolved by agreement": 0,
        "Upheld": 2,
        "Not upheld": 1,
        "Withdrawn": 0,
    }
    assert figures["days_in_stage"] == [
        ("Submitted", 2.0, 3),
        ("Acknowledged", 5.0, 3),
        ("Resolving between the parties", 10.0, 3),
    ]
    # Each case walked 2 + 5 + 10 days from submission to closing.
    assert figures["time_to_close"] == {
        "closed": 3,
        "average": 17.0,
        "median": 17.0,
        "longest": 17.0,
    }
    this_year = selectors.case_statistics(compact=parties.compact, year=2026)
    assert this_year["total"] == 2 and this_year["by_principle"] == [(first.title, 2)]
    # Anonymous: nothing in the figures names an organisation or a person.
    flat = repr(figures)
    for name in (parties.raiser_org.name, parties.respondent_org.name, "Rita", "Owen"):
        assert name not in flat


def test_lessons_are_listed_per_compact_without_names(parties):
    first, _ = parties.principles
    _walk(
        parties,
        principle=first,
        outcome=Outcome.UPHELD,
        start=datetime.datetime(2026, 3, 2, 10, tzinfo=UTC),
    )
    lessons = selectors.lessons_for(compact=parties.compact)
    assert lessons == [
        {
            "closed_on": datetime.date(2026, 3, 19),
            "outcome": "Upheld",
            "principles": [first.title],
            "lessons": f"Lesson about {first.title}",
        }
    ]


def test_due_next_counts_working_days_from_the_stage_start(parties):
    # Submitted on Christmas Eve 2026: 10 working days runs to 12 January 2027.
    entered = datetime.datetime(2026, 12, 24, 11, tzinfo=UTC)
    case = case_for(parties, stage=Stage.SUBMITTED, stage_entered_at=entered)
    due = selectors.due_next(case, today=datetime.date(2027, 1, 12))
    assert (due.what, due.due_on, due.is_overdue) == (
        "Acknowledge the concern",
        datetime.date(2027, 1, 12),
        False,
    )
    due = selectors.due_next(case, today=datetime.date(2027, 1, 14))
    assert due.is_overdue and due.working_days_overdue == 2
    services.dispute_settings_update(
        actor=parties.steering, compact=parties.compact, acknowledge_within_working_days=3
    )
    case = Case.objects.select_related("compact__dispute_settings").get(pk=case.pk)
    assert selectors.due_next(case, today=datetime.date(2027, 1, 1)).due_on == datetime.date(
        2026, 12, 31
    )
    assert selectors.due_next(case_for(parties, stage=Stage.CLOSED, outcome="upheld")) is None


def test_the_admin_cannot_add_change_or_delete_history(parties, admin_user):
    request = RequestFactory().get("/")
    request.user = admin_user
    for model in (Case, TimelineEntry):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)


def test_demo_loader_skips_without_demo_organisations_and_runs_twice(parties):
    import io

    from disputes import demo
    from signatories.models import Organisation

    out = io.StringIO()
    demo.load(out)
    assert "skipped" in out.getvalue()
    Organisation.objects.filter(pk=parties.raiser_org.pk).update(slug=demo.RAISER_SLUG)
    Organisation.objects.filter(pk=parties.respondent_org.pk).update(slug=demo.RESPONDENT_SLUG)
    demo.load(out)
    demo.load(out)
    case = Case.objects.get(title=demo.CASE_TITLE)
    assert case.stage == Stage.ACKNOWLEDGED
    assert case.compact == parties.compact
    assert "already there" in out.getvalue()


def test_cases_due_by_finds_what_falls_due_for_reminders(parties):
    from disputes.working_days import add_working_days

    entered = datetime.datetime(2026, 11, 2, 9, tzinfo=UTC)  # a Monday
    soon = case_for(parties, stage=Stage.SUBMITTED, stage_entered_at=entered)  # due 16 Nov
    later = case_for(parties, stage=Stage.ACKNOWLEDGED, stage_entered_at=entered)  # due 30 Nov
    case_for(parties, stage=Stage.CLOSED, outcome="upheld", stage_entered_at=entered)
    case_for(parties, stage=Stage.DRAFT, stage_entered_at=entered)
    today = datetime.date(2026, 11, 12)
    found = selectors.cases_due_by(due_on=add_working_days(today, 2), today=today)
    assert [(case, due.due_on) for case, due in found] == [(soon, datetime.date(2026, 11, 16))]
    found = selectors.cases_due_by(due_on=datetime.date(2026, 12, 31), today=today)
    assert [case for case, _ in found] == [soon, later]
