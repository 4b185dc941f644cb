from django import template

from ..permissions import can_erase

register = template.Library()


@register.filter
def may_erase_people(user) -> bool:
    """Whether to offer `user` the page for erasing a person's data."""
    return can_erase(user)
