import datetime

from django import template
from django.utils.dateformat import format as format_date

register = template.Library()


@register.filter
def cell(value):
    """A report table's value as people read it: dates as 3 March 2026, nothing as a dash."""
    if isinstance(value, datetime.date):
        return format_date(value, "j F Y")
    if value in (None, ""):
        return "–"
    return value


@register.filter
def status_tag(status):
    """The GOV.UK tag colour for a plan line's answer; the words always say it too."""
    return {
        "already_do": "govuk-tag--green",
        "do_better": "govuk-tag--yellow",
        "need_help": "govuk-tag--red",
    }.get(status, "govuk-tag--grey")


@register.filter
def get_table(mapping, key):
    """mapping[key], or None: for the report's tables, charts and answers by key."""
    return mapping.get(key)
