"""The date rules, to the day: month ends, leap years, same-day notice, and hypothesis."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountability import rules

D = datetime.date


@pytest.mark.parametrize(
    ("notice_given_on", "months", "earliest"),
    [
        (D(2026, 11, 30), 3, D(2027, 2, 28)),  # month end clamps to February's last day
        (D(2027, 11, 30), 3, D(2028, 2, 29)),  # ... which is the 29th in a leap year
        (D(2026, 8, 31), 6, D(2027, 2, 28)),
        (D(2026, 3, 31), 1, D(2026, 4, 30)),
        (D(2026, 1, 15), 3, D(2026, 4, 15)),
        (D(2026, 12, 1), 3, D(2027, 3, 1)),
        (D(2028, 2, 29), 12, D(2029, 2, 28)),
    ],
)
def test_earliest_effective_date_in_calendar_months(notice_given_on, months, earliest):
    assert (
        rules.earliest_effective_date(notice_given_on=notice_given_on, minimum_notice_months=months)
        == earliest
    )
    assert rules.notice_is_kept(
        notice_given_on=notice_given_on, takes_effect_on=earliest, minimum_notice_months=months
    )
    assert not rules.notice_is_kept(
        notice_given_on=notice_given_on,
        takes_effect_on=earliest - datetime.timedelta(days=1),
        minimum_notice_months=months,
    )


def test_thirtieth_of_november_with_three_months_is_kept_by_end_of_february():
    kept = rules.notice_is_kept(
        notice_given_on=D(2026, 11, 30), takes_effect_on=D(2027, 2, 28), minimum_notice_months=3
    )
    assert kept is True
    in_leap_year = rules.notice_is_kept(
        notice_given_on=D(2027, 11, 30), takes_effect_on=D(2028, 2, 28), minimum_notice_months=3
    )
    assert in_leap_year is False  # 29 February exists in 2028, so the 28th is a day short


def test_same_day_notice_is_never_kept():
    day = D(2026, 11, 22)
    assert not rules.notice_is_kept(
        notice_given_on=day, takes_effect_on=day, minimum_notice_months=1
    )
    assert str(rules.notice_given(notice_given_on=day, takes_effect_on=day)) == "0 days"


def test_notice_given_is_described_in_months_and_days():
    given_ = rules.notice_given(notice_given_on=D(2026, 11, 22), takes_effect_on=D(2027, 1, 27))
    assert (given_.months, given_.days) == (2, 5)
    assert str(given_) == "2 months and 5 days"
    assert str(
        rules.notice_given(notice_given_on=D(2026, 1, 1), takes_effect_on=D(2027, 2, 1))
    ) == ("13 months")


@pytest.mark.parametrize(
    ("takes_effect_on", "months", "last_day"),
    [
        (D(2027, 2, 28), 3, D(2026, 11, 30)),  # 30 November + 3 months = 28 February 2027
        (D(2028, 2, 29), 3, D(2027, 11, 30)),  # leap year: 29 February
        (D(2028, 2, 28), 3, D(2027, 11, 28)),  # 29 and 30 November reach 29 February: too late
        (D(2026, 4, 30), 1, D(2026, 3, 31)),
        (D(2026, 5, 31), 3, D(2026, 2, 28)),  # 1 March + 3 months is 1 June, a day late
        (D(2027, 3, 1), 6, D(2026, 9, 1)),
        (D(2027, 2, 28), 6, D(2026, 8, 31)),
    ],
)
def test_last_day_to_give_notice_to_the_day(takes_effect_on, months, last_day):
    assert (
        rules.last_day_to_give_notice(takes_effect_on=takes_effect_on, minimum_notice_months=months)
        == last_day
    )


@given(
    takes_effect_on=st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 12, 31)),
    months=st.integers(min_value=1, max_value=36),
)
def test_last_day_to_give_notice_yields_exactly_the_minimum(takes_effect_on, months):
    last_day = rules.last_day_to_give_notice(
        takes_effect_on=takes_effect_on, minimum_notice_months=months
    )
    assert rules.notice_is_kept(
        notice_given_on=last_day, takes_effect_on=takes_effect_on, minimum_notice_months=months
    )
    assert not rules.notice_is_kept(
        notice_given_on=last_day + datetime.timedelta(days=1),
        takes_effect_on=takes_effect_on,
        minimum_notice_months=months,
    )


@given(
    notice_given_on=st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 1, 1)),
    months=st.integers(min_value=1, max_value=24),
    extra_days=st.integers(min_value=-100, max_value=100),
)
def test_notice_is_kept_exactly_when_notice_is_on_or_before_the_last_day(
    notice_given_on, months, extra_days
):
    takes_effect_on = rules.earliest_effective_date(
        notice_given_on=notice_given_on, minimum_notice_months=months
    ) + datetime.timedelta(days=extra_days)
    kept = rules.notice_is_kept(
        notice_given_on=notice_given_on,
        takes_effect_on=takes_effect_on,
        minimum_notice_months=months,
    )
    last_day = rules.last_day_to_give_notice(
        takes_effect_on=takes_effect_on, minimum_notice_months=months
    )
    assert kept == (notice_given_on <= last_day)
    assert kept == (extra_days >= 0)


def test_consultation_length_against_the_minimum():
    assert rules.consultation_length_days(opens_on=D(2026, 9, 1), closes_on=D(2026, 11, 24)) == 84
    assert rules.consultation_is_long_enough(
        opens_on=D(2026, 9, 1), closes_on=D(2026, 11, 24), minimum_weeks=12
    )
    assert not rules.consultation_is_long_enough(
        opens_on=D(2026, 9, 1), closes_on=D(2026, 11, 23), minimum_weeks=12
    )
    assert rules.weeks_and_days(83) == "11 weeks and 6 days"
    assert rules.weeks_and_days(7) == "1 week"


def test_feedback_overdue_after_the_compact_setting():
    closes_on = D(2026, 6, 1)
    due = rules.feedback_due_on(closes_on=closes_on, feedback_due_weeks=12)
    assert due == D(2026, 8, 24)
    kwargs = {"closes_on": closes_on, "feedback_due_weeks": 12}
    assert not rules.feedback_is_overdue(**kwargs, feedback_published_on=None, today=due)
    assert rules.feedback_is_overdue(
        **kwargs, feedback_published_on=None, today=due + datetime.timedelta(days=1)
    )
    assert not rules.feedback_is_overdue(**kwargs, feedback_published_on=due, today=D(2027, 1, 1))
    assert rules.feedback_is_overdue(
        **kwargs, feedback_published_on=D(2026, 8, 25), today=D(2027, 1, 1)
    )


@pytest.mark.parametrize(
    ("today", "published", "stage"),
    [
        (D(2026, 8, 31), None, rules.Stage.NOT_YET_OPEN),
        (D(2026, 9, 1), None, rules.Stage.OPEN),
        (D(2026, 11, 10), None, rules.Stage.OPEN),
        (D(2026, 11, 11), None, rules.Stage.CLOSING_SOON),
        (D(2026, 11, 24), None, rules.Stage.CLOSING_SOON),  # open on its closing day
        (D(2026, 11, 25), None, rules.Stage.AWAITING_FEEDBACK),
        (D(2026, 12, 25), D(2026, 12, 20), rules.Stage.WITH_FEEDBACK),
    ],
)
def test_consultation_stage(today, published, stage):
    assert (
        rules.consultation_stage(
            opens_on=D(2026, 9, 1),
            closes_on=D(2026, 11, 24),
            feedback_published_on=published,
            today=today,
        )
        == stage
    )
