from django.urls import path

from core.page_cache import public_page

from . import views

app_name = "signatories"

urlpatterns = [
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/<slug:slug>/dashboard/", views.dashboard, name="dashboard"),
    path(
        "organisations/<slug:slug>/invitations/new/",
        views.invitation_create,
        name="invitation_create",
    ),
    path(
        "organisations/<slug:slug>/join-requests/<int:pk>/",
        views.join_request_decide,
        name="join_request_decide",
    ),
    path(
        "organisations/<slug:slug>/signatures/<int:pk>/", views.signature_detail, name="signature"
    ),
    path(
        "organisations/<slug:slug>/signatures/<int:pk>/withdraw/",
        views.signature_withdraw,
        name="withdraw",
    ),
    path(
        "organisations/<slug:slug>/signatures/<int:pk>/sign-again/",
        views.signature_resign,
        name="resign",
    ),
    path(
        "organisations/<slug:slug>/signatures/<int:pk>/answer/",
        views.signature_answer,
        name="answer",
    ),
    path(
        "organisations/<slug:slug>/signatures/<int:pk>/champions/",
        views.champions,
        name="champions",
    ),
    path(
        "organisations/<slug:slug>/signatures/<int:pk>/certificate.pdf",
        views.certificate,
        name="certificate",
    ),
    path(
        "organisations/<slug:slug>/champions/<int:pk>/step-down/",
        views.champion_step_down,
        name="champion_step_down",
    ),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("sign-up/", views.signup_start, name="signup_start"),
    path("sign-up/<uuid:pk>/organisation/", views.signup_organisation, name="signup_organisation"),
    path(
        "sign-up/<uuid:pk>/organisation/matches/", views.signup_duplicates, name="signup_duplicates"
    ),
    path("sign-up/<uuid:pk>/compact/", views.signup_compact, name="signup_compact"),
    path("sign-up/<uuid:pk>/declaration/", views.signup_declaration, name="signup_declaration"),
    path("sign-up/<uuid:pk>/check/", views.signup_check, name="signup_check"),
    path("sign-up/sent/<int:pk>/", views.signup_done, name="signup_done"),
    path("applications/", views.application_queue, name="queue"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path(
        "applications/compacts/<slug:slug>/record/", views.record_on_behalf, name="record_on_behalf"
    ),
    path(
        "applications/organisations/<slug:slug>/successor/",
        views.record_successor,
        name="record_successor",
    ),
    path("directory/", public_page(views.directory), name="directory"),
    path("directory/signatories.csv", views.directory_csv, name="directory_csv"),
    path("directory/signatories.json", views.directory_json, name="directory_json"),
    path(
        "directory/compacts/<slug:slug>/signatories.csv",
        views.directory_csv,
        name="directory_compact_csv",
    ),
    path(
        "directory/compacts/<slug:slug>/signatories.json",
        views.directory_json,
        name="directory_compact_json",
    ),
    path(
        "directory/compacts/<slug:slug>/",
        public_page(views.directory, compact_kwarg="slug"),
        name="directory_compact",
    ),
    path(
        "directory/organisations/<slug:slug>/",
        public_page(views.organisation_public),
        name="organisation",
    ),
    path("certificates/", public_page(views.verify), name="verify_form"),
    path("certificates/<str:code>/", public_page(views.verify), name="verify"),
]
