"""Posting dates the way the portal's forms take them: GOV.UK's day, month and year boxes."""

import datetime


def date_boxes(name: str, date: datetime.date | None) -> dict[str, str]:
    """The three boxes of the date field `name` filled in with `date` (empty for None)."""
    if date is None:
        return {f"{name}-day": "", f"{name}-month": "", f"{name}-year": ""}
    return typed_boxes(name, str(date.day), str(date.month), str(date.year))


def typed_boxes(name: str, day: str = "", month: str = "", year: str = "") -> dict[str, str]:
    """The three boxes of `name` holding exactly what a person typed, right or wrong."""
    return {f"{name}-day": day, f"{name}-month": month, f"{name}-year": year}


def date_fields(**named_dates: datetime.date | None) -> dict[str, str]:
    """Several date fields at once: date_fields(opens_on=…, closes_on=…)."""
    posted: dict[str, str] = {}
    for name, date in named_dates.items():
        posted.update(date_boxes(name, date))
    return posted
