from contextlib import suppress

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.views.generic import ListView, TemplateView, View

from core.pdf import pdf_response

from . import selectors
from .models import Compact, CompactVersion


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
            filename=f"{compact.slug}-compact-{slugify(version.label or version.name)}.pdf",
            inline=True,
        )


class CompactChangesView(TemplateView):
    """What changed between two published versions of a compact (by default the last two)."""

    template_name = "commitments/compact_changes.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        compact = get_object_or_404(Compact, slug=self.kwargs["slug"])
        versions = list(selectors.public_versions(compact))
        by_number = {version.number: version for version in versions}
        if "old" in self.kwargs:
            old = by_number.get(self.kwargs["old"])
            new = by_number.get(self.kwargs["new"])
            if old is None or new is None or old.number >= new.number:
                raise Http404("There are no such versions of this compact to compare.")
        elif len(versions) >= 2:
            old, new = versions[-2], versions[-1]
        else:
            raise Http404("This compact has only one version so far.")
        context |= {
            "compact": compact,
            "pairs": list(zip(versions, versions[1:], strict=False)),
            "old": old,
            "new": new,
            "changes": selectors.version_changes(old=old, new=new),
        }
        # The e-mail to an organisation whose signature lapsed names its signature, so the
        # page can offer the way to sign again; the signing page checks who may.
        organisation = self.request.GET.get("organisation", "")
        signature = self.request.GET.get("signature", "")
        if new.status == CompactVersion.Status.PUBLISHED and signature.isdigit():
            with suppress(ValidationError):
                validate_slug(organisation)
                context["sign_again"] = {"organisation": organisation, "signature": signature}
        return context


class AboutCompactsView(TemplateView):
    template_name = "commitments/about.html"
