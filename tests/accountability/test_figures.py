"""body_record and compact_record: the one place the public figures are counted."""

import datetime

import pytest
from django.template import Context, Template

from accountability import panels
from accountability.selectors import body_record, compact_record

from .factories import ConsultationFactory, FundingChangeFactory

D = datetime.date
TODAY = D(2026, 11, 22)


def make_history(world):
    body = world.council
    common = {"compact": world.compact, "funding_body": body}
    FundingChangeFactory(**common)  # kept: 1 Sept to 1 Jan
    FundingChangeFactory(**common, notice_given_on=D(2026, 11, 1), takes_effect_on=D(2027, 1, 1))
    FundingChangeFactory(
        **common, notice_given_on=D(2026, 11, 1), takes_effect_on=D(2027, 1, 1),
        exceptional_circumstances=True, exceptional_reason="Grant withdrawn by government",
    )  # fmt: skip
    FundingChangeFactory(**common, notice_given_on=None, status="planned")  # not counted yet
    FundingChangeFactory(**common, kind="new_award", current_annual_amount=None)  # no notice due
    FundingChangeFactory(
        **common, status="withdrawn", withdrawn_at="2026-10-01T00:00Z",
        notice_given_on=D(2026, 12, 1) - datetime.timedelta(days=30),
    )  # fmt: skip
    FundingChangeFactory(compact=world.compact, funding_body=world.other_council)
    consult = {"compact": world.compact, "organisation": body}
    ConsultationFactory(**consult)  # 12 weeks, closes 24 Nov: feedback not yet due
    ConsultationFactory(**consult, opens_on=D(2026, 3, 1), closes_on=D(2026, 4, 1),
                        shorter_reason="x")  # short, feedback overdue  # fmt: skip
    ConsultationFactory(
        **consult, opens_on=D(2026, 1, 1), closes_on=D(2026, 4, 1),
        feedback_published_on=D(2026, 5, 1),
    )  # fmt: skip


def test_body_record_counts(world):
    make_history(world)
    record = body_record(world.council, today=TODAY)
    assert (record.funding_changes, record.notice_kept, record.exceptional, record.breaches) == (
        3, 1, 1, 1,
    )  # fmt: skip
    assert record.notice_kept_percent == 33
    assert (record.consultations, record.consultations_long_enough) == (3, 2)
    assert (record.feedback_due, record.feedback_on_time, record.feedback_overdue) == (2, 1, 1)
    assert body_record(world.other_council, today=TODAY).funding_changes == 1
    assert body_record(world.council, year=2026, today=TODAY).funding_changes == 0


def test_compact_record_per_body_and_totals(world):
    make_history(world)
    record = compact_record(world.compact, 2027, today=TODAY)
    names = [body.organisation.name for body in record.bodies]
    assert names == ["Hillside Borough Council", "Riverside Borough Council"]
    assert record.total.funding_changes == 4 and record.total.notice_kept == 2


@pytest.mark.usefixtures("all_figures_shown")
def test_public_panel_renders_figures_as_text_and_chart(world, rf):
    make_history(world)
    html = Template('{% load portal %}{% panels "organisation_public" organisation %}').render(
        Context({"organisation": world.council, "request": rf.get("/")})
    )
    assert "How Riverside Borough Council keeps the compact" in html
    assert "1 of 3 (33%)" in html  # the figure is in the chart as text, not in colour alone
    assert 'role="img"' in html
    assert panels.public_context(world.charity, None) is None


def test_dashboard_panel_only_for_members(world, rf, django_assert_max_num_queries):
    change = FundingChangeFactory(
        compact=world.compact, funding_body=world.council, recipient=world.charity
    )
    outsider = panels.dashboard_context(world.charity, world.other_officer)
    assert outsider["affecting"] == [] and outsider["needs_response"] == []
    with django_assert_max_num_queries(2):
        context = panels.dashboard_context(world.charity, world.charity_user)
    assert context["needs_response"] == [change]
    request = rf.get("/")
    request.user = world.charity_user
    html = Template('{% load portal %}{% panels "organisation_dashboard" organisation %}').render(
        Context({"organisation": world.charity, "request": request})
    )
    assert "Needs your response" in html and change.programme in html
    officer_view = panels.dashboard_context(world.council, world.officer)
    assert officer_view["logged"] == [change] and officer_view["needs_response"] == []
