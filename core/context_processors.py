from django.conf import settings


def portal(request):
    return {"PORTAL_NAME": "Compact Portal", "SITE_URL": settings.SITE_URL}
