"""Pages for concerns: permission, then form, then service, then message and redirect."""

from .case import (
    AssignMediatorView,
    CaseDetailView,
    CaseListView,
    CloseView,
    CorrectionView,
    DocumentView,
    MessageView,
    MoveView,
    NoteView,
    SessionView,
    ShareNameView,
    SummaryPdfView,
)
from .raising import ConcernFormView, StartView
from .steering import BoardView, LessonsView, PanelRemoveView, PanelView, SettingsView

__all__ = [
    "AssignMediatorView",
    "BoardView",
    "CaseDetailView",
    "CaseListView",
    "CloseView",
    "ConcernFormView",
    "CorrectionView",
    "DocumentView",
    "LessonsView",
    "MessageView",
    "MoveView",
    "NoteView",
    "PanelRemoveView",
    "PanelView",
    "SessionView",
    "SettingsView",
    "ShareNameView",
    "StartView",
    "SummaryPdfView",
]
