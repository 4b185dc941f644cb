from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .roles import roles_of


def portal(request):
    return {"PORTAL_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL}


def roles(request):
    """`roles`: what the signed-in person is (core.roles), asked only when a template looks."""
    return {"roles": SimpleLazyObject(lambda: roles_of(request.user))}
