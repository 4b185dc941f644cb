from contextlib import suppress

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_slug
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.generic import ListView, TemplateView, View

from core.exceptions import ApplicationError, add_error_to_form
from core.pdf import pdf_response

from . import selectors, services
from .forms import CompactDocumentForm, CompactDocumentVersionForm
from .models import Compact, CompactVersion
from .permissions import is_steering_group_member

# The compact's page lists this many of its codes; the documents page lists them all.
DOCUMENTS_ON_COMPACT_PAGE = 10


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
        # One more than is shown says whether there are more, without counting them all.
        documents = list(selectors.compact_documents(compact)[: DOCUMENTS_ON_COMPACT_PAGE + 1])
        context["documents"] = documents[:DOCUMENTS_ON_COMPACT_PAGE]
        context["more_documents"] = len(documents) > DOCUMENTS_ON_COMPACT_PAGE
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


# --- Codes of practice and other documents adopted under a compact --------------------


class CompactDocumentListView(ListView):
    """Every document adopted under a compact, each with its versions and their dates."""

    template_name = "commitments/document_list.html"
    context_object_name = "documents"
    paginate_by = 20

    def get_queryset(self):
        self.compact = get_object_or_404(Compact, slug=self.kwargs["slug"])
        return selectors.compact_documents(self.compact)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["compact"] = self.compact
        context["can_add"] = is_steering_group_member(self.request.user, self.compact)
        return context


class _SteeringDocumentMixin(LoginRequiredMixin):
    """The compact from the address, for its steering group only (403 for anyone else)."""

    template_name = "commitments/document_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.compact = get_object_or_404(Compact, slug=kwargs["slug"])
        if not is_steering_group_member(request.user, self.compact):
            raise PermissionDenied("Only the compact's steering group adds its documents")
        return super().dispatch(request, *args, **kwargs)

    def _render(self, form, **context):
        return render(
            self.request,
            self.template_name,
            {"form": form, "compact": self.compact, **context},
        )

    def _submit(self, form, write, **context):
        """Hand a valid form's version (date, PDF, link, text) to `write`, then list it;
        a refusal goes back on the form beside its field, with everything typed kept."""
        if form.is_valid():
            data = form.cleaned_data
            try:
                version = write(
                    actor=self.request.user,
                    adopted_on=data["adopted_on"],
                    upload=data["file"],
                    link=data["link"],
                    text=data["text"],
                )
            except ApplicationError as error:
                add_error_to_form(form, error)
            else:
                return self._done(version)
        return self._render(form, **context)

    def _done(self, version):
        messages.success(
            self.request,
            f"{version.document.title}, adopted {version.adopted_on:%-d %B %Y}, is now listed "
            f"on the {self.compact.name} page.",
        )
        return redirect(reverse("commitments:documents", args=[self.compact.slug]))


class CompactDocumentCreateView(_SteeringDocumentMixin, View):
    def get(self, request, slug):
        return self._render(CompactDocumentForm(max_bytes=services.document_max_bytes()))

    def post(self, request, slug):
        form = CompactDocumentForm(
            request.POST, request.FILES, max_bytes=services.document_max_bytes()
        )
        return self._submit(
            form,
            lambda **version: services.compact_document_add(
                compact=self.compact,
                title=form.cleaned_data["title"],
                kind=form.cleaned_data["kind"],
                **version,
            ),
        )


class CompactDocumentVersionCreateView(_SteeringDocumentMixin, View):
    def _document(self, pk):
        document = selectors.compact_document(self.compact, pk)
        if document is None:
            raise Http404("No such document under this compact")
        return document

    def get(self, request, slug, pk):
        form = CompactDocumentVersionForm(max_bytes=services.document_max_bytes())
        return self._render(form, document=self._document(pk))

    def post(self, request, slug, pk):
        document = self._document(pk)
        form = CompactDocumentVersionForm(
            request.POST, request.FILES, max_bytes=services.document_max_bytes()
        )
        return self._submit(
            form,
            lambda **version: services.compact_document_version_add(document=document, **version),
            document=document,
        )


class CompactDocumentFileView(View):
    """An adopted document's PDF, for anyone: it is public, as the compact is."""

    def get(self, request, slug, pk, number):
        compact = get_object_or_404(Compact, slug=slug)
        version = selectors.compact_document_version(compact, pk, number)
        if version is None or not version.file:
            raise Http404("No such document")
        response = FileResponse(
            version.file.open("rb"),
            filename=version.original_name or f"{slugify(version.document.title)}.pdf",
            content_type="application/pdf",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response
