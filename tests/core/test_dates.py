"""GovukDateField: GOV.UK's day, month and year boxes, their messages, and what is kept."""

import datetime

import pytest
import time_machine
from django.template.loader import render_to_string

from core.forms import GovukDateField, PortalForm
from tests.dates import date_boxes, typed_boxes

TODAY = datetime.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def on_today():
    with time_machine.travel(
        datetime.datetime.combine(TODAY, datetime.time(12), tzinfo=datetime.UTC), tick=False
    ):
        yield


class NoticeForm(PortalForm):
    notice_given_on = GovukDateField(label="Date notice was given", past_only=True)
    starts_on = GovukDateField(label="Date it starts", required=False, future_only=True)
    ends_on = GovukDateField(
        label="Date it ends",
        required=False,
        min=datetime.date(2026, 1, 1),
        max=lambda: TODAY + datetime.timedelta(days=30),
    )


def errors_of(data, name="notice_given_on"):
    form = NoticeForm({**date_boxes("notice_given_on", TODAY), **data})
    assert not form.is_valid()
    return form.errors[name]


def test_three_boxes_make_a_date():
    form = NoticeForm(date_boxes("notice_given_on", datetime.date(2026, 3, 27)))
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "notice_given_on": datetime.date(2026, 3, 27), "starts_on": None, "ends_on": None,
    }  # fmt: skip


def test_leading_zeros_and_spaces_are_fine():
    form = NoticeForm(typed_boxes("notice_given_on", " 03", "03 ", "2026"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["notice_given_on"] == datetime.date(2026, 3, 3)


@pytest.mark.parametrize(
    "day,month,year,message",
    [
        ("", "", "", "Enter the date notice was given"),
        ("30", "", "2026", "Date notice was given must include a month"),
        ("", "", "2026", "Date notice was given must include a day and month"),
        ("30", "11", "", "Date notice was given must include a year"),
        ("30/11/2026", "", "", "Date notice was given must include a month and year"),
        ("30/11", "11", "2026", "Date notice was given must be a real date"),
        ("31", "2", "2026", "Date notice was given must be a real date"),
        ("1", "13", "2026", "Date notice was given must be a real date"),
        ("1", "3", "26", "Year must include 4 numbers"),
        ("30", "11", "0201", "Date notice was given must be between 1 January 1990 and today"),
        ("23", "11", "2026", "Date notice was given must be today or in the past"),
    ],
)
def test_govuk_messages(day, month, year, message):
    assert errors_of(typed_boxes("notice_given_on", day, month, year)) == [message]


def test_future_only_and_bounds():
    assert errors_of(date_boxes("starts_on", TODAY - datetime.timedelta(days=1)), "starts_on") == [
        "Date it starts must be today or in the future"
    ]
    assert errors_of(date_boxes("ends_on", datetime.date(2025, 12, 31)), "ends_on") == [
        "Date it ends must be between 1 January 2026 and 22 December 2026"
    ]
    form = NoticeForm(
        {**date_boxes("notice_given_on", TODAY), **date_boxes("starts_on", TODAY),
         **date_boxes("ends_on", datetime.date(2026, 12, 22))}
    )  # fmt: skip
    assert form.is_valid(), form.errors


def render(form):
    return render_to_string("govuk/error_summary.html", {"form": form}) + "".join(
        render_to_string("govuk/field.html", {"field": form[name]}) for name in form.fields
    )


def test_the_page_keeps_what_was_typed_and_links_to_the_first_box_at_fault():
    form = NoticeForm(typed_boxes("notice_given_on", "30", "", "2026"))
    assert not form.is_valid()
    html = render(form)
    assert 'href="#id_notice_given_on-month"' in html
    assert 'name="notice_given_on-day" type="text" inputmode="numeric" value="30"' in html
    assert 'name="notice_given_on-year" type="text" inputmode="numeric" value="2026"' in html
    assert 'govuk-input--width-2 govuk-input--error" id="id_notice_given_on-month"' in html
    assert 'govuk-input--width-2" id="id_notice_given_on-day"' in html  # the day was right


def test_the_date_is_a_fieldset_with_a_legend_and_the_example():
    html = render(NoticeForm(initial={"notice_given_on": datetime.date(2026, 3, 27)}))
    assert '<fieldset class="govuk-fieldset" role="group"' in html
    assert (
        '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Date notice was given'
        in html
    )
    assert "For example, 27 3 2026" in html
    day_box = (
        'id="id_notice_given_on-day" name="notice_given_on-day" type="text" inputmode="numeric"'
    )
    assert f'{day_box} value="27"' in html
    assert "Date it starts (optional)" in html


def test_an_error_added_by_a_service_links_to_the_day():
    form = NoticeForm(date_boxes("notice_given_on", TODAY))
    assert form.is_valid()
    form.add_error("notice_given_on", "Notice cannot come after the change")
    assert 'href="#id_notice_given_on-day"' in render(form)
