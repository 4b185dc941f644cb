from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.views.generic import ListView, TemplateView, View

from core.pdf import pdf_response

from . import selectors
from .models import Compact


class CompactListView(ListView):
    template_name = "commitments/compact_list.html"
    context_object_name = "compacts"
    paginate_by = 20

    def get_queryset(self):
        return selectors.published_compacts(search=self.request.GET.get("q", "").strip())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["search"] = self.request.GET.get("q", "").strip()
        return context


class CompactDetailView(TemplateView):
    template_name = "commitments/compact_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        compact = get_object_or_404(Compact, slug=self.kwargs["slug"])
        version = selectors.published_version(compact)
        if version is None:
            raise Http404("This compact has not been published yet.")
        context["compact"] = compact
        context["version"] = selectors.version_with_text(version.pk)
        return context


class CompactPdfView(View):
    """The compact in force as a printable A4 PDF, from the same text as its page."""

    def get(self, request, slug):
        compact = get_object_or_404(Compact, slug=slug)
        version = selectors.published_version(compact)
        if version is None:
            raise Http404("This compact has not been published yet.")
        context = {"compact": compact, "version": selectors.version_with_text(version.pk)}
        return pdf_response(
            "commitments/compact_pdf.html",
            context,
            filename=f"{compact.slug}-compact-{slugify(version.label)}.pdf",
            inline=True,
        )


class AboutCompactsView(TemplateView):
    template_name = "commitments/about.html"
