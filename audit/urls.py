from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("<slug:compact_slug>/", views.CompactHistoryView.as_view(), name="compact"),
]
