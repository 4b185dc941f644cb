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
def get_table(mapping, key):
    """mapping[key], or None: for the report's tables, charts and answers by key."""
    return mapping.get(key)
