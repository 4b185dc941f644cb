from django.urls import path

from core.page_cache import public_page

from . import views

app_name = "reviews"

urlpatterns = [
    path("", views.ReviewsHomeView.as_view(), name="home"),
    path("<slug:compact_slug>/", views.CompactReviewsView.as_view(), name="compact"),
    path(
        "<slug:compact_slug>/self-assessment/<int:year>/",
        views.SelfAssessmentView.as_view(),
        name="self_assessment",
    ),
    path(
        "<slug:compact_slug>/plans/<int:year>/", views.CollatedPlansView.as_view(), name="collated"
    ),
    path(
        "<slug:compact_slug>/plans/<int:year>/offer/<slug:organisation_slug>/",
        views.HelpOfferView.as_view(),
        name="offer_help",
    ),
    path(
        "<slug:compact_slug>/plans/<int:year>/<slug:organisation_slug>/",
        views.ActionPlanView.as_view(),
        name="action_plan",
    ),
    path("<slug:compact_slug>/report/", views.report_redirect, name="report_latest"),
    path(
        "<slug:compact_slug>/report/<int:year>/",
        public_page(views.AnnualReportView.as_view(), compact_kwarg="compact_slug"),
        name="report",
    ),
    path(
        "<slug:compact_slug>/report/<int:year>/report.pdf",
        public_page(views.AnnualReportPdfView.as_view(), compact_kwarg="compact_slug"),
        name="report_pdf",
    ),
    path(
        "<slug:compact_slug>/report/<int:year>/<slug:table_key>.csv",
        public_page(views.AnnualReportCsvView.as_view(), compact_kwarg="compact_slug"),
        name="report_csv",
    ),
]
