from contextlib import suppress

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_slug
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.generic import FormView, ListView, TemplateView, View

from core.exceptions import ApplicationError, add_error_to_form
from core.pdf import pdf_response

from . import drafts, forms, selectors, services
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


class SteeringCompactMixin(LoginRequiredMixin):
    """The compact from the address, for its steering group only (403 for anyone else)."""

    refusal = "This page is for the compact's steering group."

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.compact = get_object_or_404(Compact, slug=kwargs["slug"])
        if not is_steering_group_member(request.user, self.compact):
            raise PermissionDenied(self.refusal)
        return self.steering_dispatch(request, *args, **kwargs)

    def steering_dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)


class _SteeringDocumentMixin(SteeringCompactMixin):
    template_name = "commitments/document_form.html"
    refusal = "Only the compact's steering group adds its documents"

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


# --- The steering group's draft of the next version -------------------------------------


class DraftMixin(SteeringCompactMixin):
    """The compact's steering group only; pages other than the overview need a draft."""

    needs_draft = True
    refusal = "Drafts are for the compact's steering group."

    def steering_dispatch(self, request, *args, **kwargs):
        self.draft = drafts.draft_of(self.compact)
        if self.needs_draft and self.draft is None:
            return redirect("commitments:draft", slug=self.compact.slug)
        return super().steering_dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context |= {"compact": self.compact, "draft": self.draft}
        return context

    def overview(self):
        return redirect("commitments:draft", slug=self.compact.slug)


class DraftView(DraftMixin, TemplateView):
    """The draft at a glance, with a link to edit each part; or the button to start one."""

    template_name = "commitments/draft.html"
    needs_draft = False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.draft is not None:
            context["text"] = drafts.draft_text(self.draft)
        context["current"] = selectors.published_version(self.compact)
        return context

    def post(self, request, slug):
        try:
            drafts.draft_start(compact=self.compact)
        except ApplicationError as error:
            messages.error(request, error.message)
        return self.overview()


class DraftFormView(DraftMixin, FormView):
    template_name = "commitments/draft_form.html"
    heading = ""
    button = "Save and return to the draft"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"heading": self.heading, "button": self.button}

    def form_valid(self, form):
        try:
            self.save(form)
        except ApplicationError as error:
            add_error_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "The draft was saved.")
        return self.overview()


class DraftRulesView(DraftFormView):
    form_class = forms.DraftRulesForm
    heading = "Version and rules"

    def get_initial(self):
        return {
            "label": self.draft.label,
            "notice_set": "yes" if self.draft.notice_set_by_compact else "no",
            "notice_months": self.draft.minimum_notice_months
            if self.draft.notice_set_by_compact
            else None,
            "consultation_weeks": self.draft.minimum_consultation_weeks,
        }

    def save(self, form):
        drafts.draft_update_rules(
            draft=self.draft,
            label=form.cleaned_data["label"],
            notice_months=form.notice_rule(),
            consultation_weeks=form.cleaned_data["consultation_weeks"],
        )


class DraftPartnersView(DraftFormView):
    form_class = forms.DraftPartnersForm
    heading = "Partners to the compact"

    def get_initial(self):
        partners = list(self.draft.partners.all())
        return {
            sector: "\n".join(p.name for p in partners if p.sector == sector)
            for sector in ("statutory", "vcs")
        }

    def save(self, form):
        drafts.draft_update_partners(
            draft=self.draft,
            statutory=forms.lines_of(form.cleaned_data["statutory"]),
            vcs=forms.lines_of(form.cleaned_data["vcs"]),
        )


class DraftSectionView(DraftFormView):
    form_class = forms.DraftSectionForm

    def get_section(self):
        if not hasattr(self, "section"):
            text = drafts.draft_text(self.draft)
            self.section = next(
                (s for s in text.principles if s.position == self.kwargs["position"]), None
            )
            if self.section is None:
                raise Http404("The draft has no such section.")
        return self.section

    @property
    def heading(self):
        section = self.get_section()
        return f"{section.position}. {section.title}"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"lists": self.get_section().lists}

    def get_initial(self):
        section = self.get_section()
        initial = {
            "title": section.title,
            "summary": section.summary,
            "paragraphs": "\n\n".join(section.paragraphs),
        }
        for number, item_list in enumerate(section.lists, start=1):
            initial[f"list_{number}"] = drafts.lines_from_items(item_list.items)
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"section": self.get_section()}

    def save(self, form):
        drafts.draft_update_section(
            draft=self.draft,
            position=self.kwargs["position"],
            title=form.cleaned_data["title"],
            summary=form.cleaned_data["summary"],
            paragraphs=drafts.paragraphs_from_text(form.cleaned_data["paragraphs"]),
            list_items=form.list_items(),
            new_list=form.new_list(),
        )


class DraftSectionAddView(DraftFormView):
    form_class = forms.DraftAddSectionForm
    heading = "Add a section"
    button = "Add the section"

    def save(self, form):
        self.position = drafts.draft_add_section(draft=self.draft, **form.cleaned_data)

    def form_valid(self, form):
        response = super().form_valid(form)
        if response.status_code == 302:
            return redirect(
                "commitments:draft_section", slug=self.compact.slug, position=self.position
            )
        return response


class DraftSectionRemoveView(DraftMixin, View):
    def post(self, request, slug, position):
        try:
            title = drafts.draft_remove_section(draft=self.draft, position=position)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"“{title}” was taken out of the draft.")
        return self.overview()


class DraftPreviewView(DraftMixin, TemplateView):
    """The draft as its page would read, and what it changes against the version in force."""

    template_name = "commitments/draft_preview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["version"] = selectors.version_with_text(self.draft.pk)
        context["changes"] = drafts.draft_changes(self.draft)
        context["current"] = selectors.published_version(self.compact)
        return context


class DraftPublishView(DraftMixin, TemplateView):
    """Check your answers, then publish the draft as the compact in force."""

    template_name = "commitments/draft_publish.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["changes"] = drafts.draft_changes(self.draft)
        context["current"] = selectors.published_version(self.compact)
        return context

    def post(self, request, slug):
        try:
            version = drafts.draft_publish(draft=self.draft, actor=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
            return self.overview()
        messages.success(
            request,
            f"Version {version.number} is now the compact in force. Organisations that signed "
            "an earlier version are asked to sign it.",
        )
        return redirect(self.compact.get_absolute_url())
