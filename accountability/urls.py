from django.urls import path

from core.page_cache import public_page

from . import views

app_name = "accountability"

urlpatterns = [
    path("funding-changes/", views.FundingChangeListView.as_view(), name="funding_list"),
    path("funding-changes/new/", views.FundingChangeCreateView.as_view(), name="funding_new"),
    path(
        "funding-changes/<int:pk>/", views.FundingChangeDetailView.as_view(), name="funding_detail"
    ),
    path(
        "funding-changes/<int:pk>/amend/",
        views.FundingChangeAmendView.as_view(),
        name="funding_amend",
    ),
    path(
        "funding-changes/<int:pk>/exceptional/",
        views.FundingChangeExceptionalView.as_view(),
        name="funding_exceptional",
    ),
    path(
        "funding-changes/<int:pk>/withdraw/",
        views.FundingChangeWithdrawView.as_view(),
        name="funding_withdraw",
    ),
    path(
        "funding-changes/<int:pk>/decision/",
        views.FundingChangeDecisionView.as_view(),
        name="funding_decision",
    ),
    path(
        "funding-changes/<int:pk>/respond/",
        views.FundingChangeRespondView.as_view(),
        name="funding_respond",
    ),
    path(
        "exceptional-requests/",
        views.ExceptionalRequestListView.as_view(),
        name="exceptional_list",
    ),
    path(
        "exceptional-requests/<int:pk>/",
        views.ExceptionalRequestDecideView.as_view(),
        name="exceptional_decide",
    ),
    path(
        "consultations/",
        public_page(views.ConsultationListView.as_view()),
        name="consultation_list",
    ),
    path("consultations/new/", views.ConsultationCreateView.as_view(), name="consultation_new"),
    path(
        "consultations/<int:pk>/",
        public_page(views.ConsultationDetailView.as_view()),
        name="consultation_detail",
    ),
    path(
        "consultations/<int:pk>/feedback/",
        views.ConsultationFeedbackView.as_view(),
        name="consultation_feedback",
    ),
    path(
        "consultations/<int:pk>/respond/",
        views.ConsultationRespondView.as_view(),
        name="consultation_respond",
    ),
    path(
        "consultations/<int:pk>/follow/",
        views.ConsultationFollowView.as_view(),
        name="consultation_follow",
    ),
    path(
        "organisations/<slug:slug>/",
        views.OrganisationAccountabilityView.as_view(),
        name="organisation",
    ),
    path(
        "organisations/<slug:slug>/calendar/reset/",
        views.CalendarResetView.as_view(),
        name="calendar_reset",
    ),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar"),
    path("bodies/<slug:slug>/", public_page(views.BodyRecordView.as_view()), name="body_record"),
    path(
        "compacts/<slug:slug>/",
        public_page(views.CompactRecordView.as_view(), compact_kwarg="slug"),
        name="compact_record",
    ),
]
