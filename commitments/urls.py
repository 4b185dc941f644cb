from django.urls import path

from . import views

app_name = "commitments"

urlpatterns = [
    path("", views.CompactListView.as_view(), name="list"),
    path("about/", views.AboutCompactsView.as_view(), name="about"),
    path("<slug:slug>/", views.CompactDetailView.as_view(), name="detail"),
    path("<slug:slug>/pdf/", views.CompactPdfView.as_view(), name="pdf"),
]
