from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from core.metrics import metrics
from core.views import healthz, security_txt

admin.site.site_header = "Compact Portal administration"
admin.site.site_title = "Compact Portal"
# The admin has no sign-in form of its own: /admin/login/ sends people to the portal's
# (allauth's) sign-in, with its second step and its rate limits, and back.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("metrics", metrics, name="metrics"),
    path(".well-known/security.txt", security_txt, name="security_txt"),
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
    path("account/", include("allauth.urls")),
    path("compacts/", include("commitments.urls")),
    path("concerns/", include("disputes.urls")),
    path("accountability/", include("accountability.urls")),
    path("reviews/", include("reviews.urls")),
    path("history/", include("audit.urls")),
    path("", include("signatories.urls")),
    path("reminders/", include("reminders.urls")),
    path("outbox/", include("outbox.urls")),
    path("", include("core.urls")),
]

handler400 = "core.errors.bad_request"
handler403 = "core.errors.permission_denied"
handler404 = "core.errors.page_not_found"
handler500 = "core.errors.server_error"
# allauth's limiter (sign-in, sign-up, password reset) answers with the portal's page.
handler429 = "core.limits.allauth_too_many_attempts"
