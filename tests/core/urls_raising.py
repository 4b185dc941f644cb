"""A URL that fails, to see the 500 page through the whole request stack."""

from django.urls import path

from compact_portal.urls import handler500, urlpatterns  # noqa: F401 - the real handler


def boom(request):
    raise RuntimeError("A fault for the test")


urlpatterns = [path("boom/", boom), *urlpatterns]
