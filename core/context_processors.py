from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .disclosure import threshold
from .roles import roles_of


def portal(request):
    return {
        "PORTAL_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        # Public figures say what "fewer than N" means (core.disclosure).
        "PUBLIC_FIGURES_THRESHOLD": threshold(),
    }


def roles(request):
    """`roles`: what the signed-in person is (core.roles), asked only when a template looks."""
    return {"roles": SimpleLazyObject(lambda: roles_of(request.user))}
