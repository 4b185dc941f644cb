from django.urls import path
from django.views.generic import TemplateView

from core.page_cache import public_page

from . import views

app_name = "core"

urlpatterns = [
    path("", public_page(views.HomeView.as_view()), name="home"),
    path("tasks/", views.TasksView.as_view(), name="tasks"),
    path("feedback/", views.FeedbackView.as_view(), name="feedback"),
    path(
        "feedback/sent/",
        TemplateView.as_view(template_name="core/feedback_sent.html"),
        name="feedback_sent",
    ),
    path(
        "accessibility/",
        TemplateView.as_view(template_name="core/accessibility.html"),
        name="accessibility",
    ),
    path("two-factor-required/", views.two_factor_required, name="two_factor_required"),
    path("privacy/", TemplateView.as_view(template_name="core/privacy.html"), name="privacy"),
    path("cookies/", TemplateView.as_view(template_name="core/cookies.html"), name="cookies"),
]
