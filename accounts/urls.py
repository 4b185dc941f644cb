from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("account/personal-data/", views.personal_data, name="personal_data"),
    path(
        "account/personal-data/download/",
        views.personal_data_download,
        name="personal_data_download",
    ),
    path("people/erase/", views.erasure_start, name="erasure_start"),
    path("people/erase/check/", views.erasure_check, name="erasure_check"),
    path("people/erase/done/", views.erasure_done, name="erasure_done"),
]
