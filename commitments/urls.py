from django.urls import path

from core.page_cache import public_page

from . import views

app_name = "commitments"

urlpatterns = [
    path("", public_page(views.CompactListView.as_view()), name="list"),
    path("about/", public_page(views.AboutCompactsView.as_view()), name="about"),
    path(
        "<slug:slug>/",
        public_page(views.CompactDetailView.as_view(), compact_kwarg="slug"),
        name="detail",
    ),
    path(
        "<slug:slug>/pdf/",
        public_page(views.CompactPdfView.as_view(), compact_kwarg="slug"),
        name="pdf",
    ),
    path(
        "<slug:slug>/changes/",
        public_page(views.CompactChangesView.as_view(), compact_kwarg="slug"),
        name="changes_latest",
    ),
    path(
        "<slug:slug>/changes/<int:old>/<int:new>/",
        public_page(views.CompactChangesView.as_view(), compact_kwarg="slug"),
        name="changes",
    ),
    path(
        "<slug:slug>/documents/",
        public_page(views.CompactDocumentListView.as_view(), compact_kwarg="slug"),
        name="documents",
    ),
    path(
        "<slug:slug>/documents/add/",
        views.CompactDocumentCreateView.as_view(),
        name="document_add",
    ),
    path(
        "<slug:slug>/documents/<int:pk>/add-version/",
        views.CompactDocumentVersionCreateView.as_view(),
        name="document_version_add",
    ),
    path(
        "<slug:slug>/documents/<int:pk>/<int:number>.pdf",
        views.CompactDocumentFileView.as_view(),
        name="document_file",
    ),
    # The steering group's draft of the next version: never public, never cached.
    path("<slug:slug>/draft/", views.DraftView.as_view(), name="draft"),
    path("<slug:slug>/draft/rules/", views.DraftRulesView.as_view(), name="draft_rules"),
    path("<slug:slug>/draft/partners/", views.DraftPartnersView.as_view(), name="draft_partners"),
    path(
        "<slug:slug>/draft/sections/add/",
        views.DraftSectionAddView.as_view(),
        name="draft_section_add",
    ),
    path(
        "<slug:slug>/draft/sections/<int:position>/",
        views.DraftSectionView.as_view(),
        name="draft_section",
    ),
    path(
        "<slug:slug>/draft/sections/<int:position>/remove/",
        views.DraftSectionRemoveView.as_view(),
        name="draft_section_remove",
    ),
    path("<slug:slug>/draft/preview/", views.DraftPreviewView.as_view(), name="draft_preview"),
    path("<slug:slug>/draft/publish/", views.DraftPublishView.as_view(), name="draft_publish"),
]
