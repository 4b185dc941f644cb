from django.urls import path

from . import views

app_name = "outbox"

urlpatterns = [
    path("late/", views.LateMessageListView.as_view(), name="late"),
    path("late/<int:pk>/send-again/", views.SendAgainView.as_view(), name="send_again"),
]
