import datetime

import pytest

from disputes.working_days import add_working_days, is_working_day, working_days_between

D = datetime.date


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # Christmas 2026: Fri 25 Dec, weekend, Boxing Day kept on Mon 28 Dec.
        (D(2026, 12, 24), 1, D(2026, 12, 29)),
        # New Year's Day 2027 is a Friday.
        (D(2026, 12, 31), 1, D(2027, 1, 4)),
        # Acknowledge within 10 working days of Christmas Eve 2026: 29, 30, 31 Dec, 4-8 and
        # 11-12 Jan; Christmas, Boxing Day (kept on the 28th) and New Year skipped.
        (D(2026, 12, 24), 10, D(2027, 1, 12)),
        # Easter 2027: Good Friday 26 March and Easter Monday 29 March.
        (D(2027, 3, 25), 1, D(2027, 3, 30)),
        (D(2027, 3, 22), 5, D(2027, 3, 31)),
        # Easter 2026: Good Friday 3 April, Easter Monday 6 April.
        (D(2026, 4, 2), 1, D(2026, 4, 7)),
        # An ordinary fortnight: 10 working days from a Monday is the Monday two weeks on.
        (D(2026, 11, 23), 10, D(2026, 12, 7)),
        # Friday plus one is Monday.
        (D(2026, 11, 20), 1, D(2026, 11, 23)),
        # Christmas 2027 falls at a weekend: both days are kept on Mon 27 and Tue 28.
        (D(2027, 12, 24), 1, D(2027, 12, 29)),
        (D(2026, 11, 23), 0, D(2026, 11, 23)),
    ],
)
def test_add_working_days_skips_weekends_and_bank_holidays(start, days, expected):
    assert add_working_days(start, days) == expected


@pytest.mark.parametrize(
    "day",
    [
        D(2026, 12, 25),
        D(2026, 12, 28),
        D(2027, 1, 1),
        D(2027, 3, 26),
        D(2027, 3, 29),
        D(2026, 5, 4),
        D(2026, 8, 31),
        D(2026, 11, 21),
    ],
)
def test_bank_holidays_and_weekends_are_not_working_days(day):
    assert not is_working_day(day)


def test_scottish_only_holidays_are_working_days_in_england():
    # 2 January is a bank holiday in Scotland, not in England and Wales.
    assert is_working_day(D(2026, 1, 2))
    # St Andrew's Day (30 November 2026 is a Monday) likewise.
    assert is_working_day(D(2026, 11, 30))


def test_working_days_between_counts_what_add_adds():
    start = D(2026, 12, 20)
    for days in range(0, 30):
        assert working_days_between(start, add_working_days(start, days)) == days
    assert working_days_between(D(2026, 12, 24), D(2026, 12, 28)) == 0
    assert working_days_between(D(2026, 12, 29), D(2026, 12, 24)) == 0


def test_counting_backwards_is_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2026, 1, 5), -1)
