from django.conf import settings


def portal(request):
    return {"PORTAL_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL}
