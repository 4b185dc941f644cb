from django.urls import path

from . import views

app_name = "disputes"

urlpatterns = [
    path("", views.CaseListView.as_view(), name="list"),
    path("new/", views.StartView.as_view(), name="start"),
    path("new/<slug:compact_slug>/", views.ConcernFormView.as_view(), name="raise"),
    path("board/", views.BoardView.as_view(), name="board"),
    path("<int:pk>/", views.CaseDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.ConcernFormView.as_view(), name="edit"),
    path("<int:pk>/move/", views.MoveView.as_view(), name="move"),
    path("<int:pk>/close/", views.CloseView.as_view(), name="close"),
    path("<int:pk>/message/", views.MessageView.as_view(), name="message"),
    path("<int:pk>/note/", views.NoteView.as_view(), name="note"),
    path("<int:pk>/session/", views.SessionView.as_view(), name="session"),
    path("<int:pk>/mediator/", views.AssignMediatorView.as_view(), name="assign_mediator"),
    path("<int:pk>/share-name/", views.ShareNameView.as_view(), name="share_name"),
    path(
        "<int:pk>/timeline/<int:entry_pk>/correct/", views.CorrectionView.as_view(), name="correct"
    ),
    path("<int:pk>/documents/<int:document_pk>/", views.DocumentView.as_view(), name="document"),
    path("<int:pk>/summary.pdf", views.SummaryPdfView.as_view(), name="summary_pdf"),
    path("compacts/<slug:compact_slug>/panel/", views.PanelView.as_view(), name="panel"),
    path(
        "compacts/<slug:compact_slug>/panel/<int:member_pk>/remove/",
        views.PanelRemoveView.as_view(),
        name="panel_remove",
    ),
    path(
        "compacts/<slug:compact_slug>/time-limits/", views.SettingsView.as_view(), name="settings"
    ),
    path("compacts/<slug:compact_slug>/lessons/", views.LessonsView.as_view(), name="lessons"),
]
