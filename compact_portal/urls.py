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
    path("outbox/", include("outbox.urls")),
    path("", include("core.urls")),
]

handler400 = "core.errors.bad_request"
handler403 = "core.errors.permission_denied"
handler404 = "core.errors.page_not_found"
handler500 = "core.errors.server_error"
