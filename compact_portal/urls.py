from django.contrib import admin
from django.urls import include, path

from core.views import healthz

admin.site.site_header = "Compact Portal administration"
admin.site.site_title = "Compact Portal"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("account/", include("allauth.urls")),
    path("compacts/", include("commitments.urls")),
    path("concerns/", include("disputes.urls")),
    path("accountability/", include("accountability.urls")),
    path("reviews/", include("reviews.urls")),
    path("", include("signatories.urls")),
    path("reminders/", include("reminders.urls")),
    path("", include("core.urls")),
]
