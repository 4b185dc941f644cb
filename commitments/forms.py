from django import forms
from django.template.defaultfilters import filesizeformat

from core.forms import GovukDateField, PortalForm
from core.uploads import accept_attribute

from .models import CompactDocument

MAX_COMPACT_FILE_BYTES = 1_000_000


class CompactImportForm(PortalForm):
    """The admin's upload of a compact file; the import service does the checking."""

    file = forms.FileField(
        label="Compact file",
        help_text="A YAML file in the compact file format (docs/compact-format.md), "
        "such as one made by “export_compact”.",
    )

    def clean_file(self) -> str:
        """Hands the service the file's text, refusing what is too big or not UTF-8 text."""
        upload = self.cleaned_data["file"]
        if upload.size > MAX_COMPACT_FILE_BYTES:
            raise forms.ValidationError("The file is larger than 1 MB; a compact file is smaller.")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                "The file is not plain text in UTF-8. Save it as UTF-8 text and try again."
            ) from None


class CompactImportConfirmForm(PortalForm):
    """The second step of the admin's upload: the previewed file's text, sent back to import."""

    text = forms.CharField(widget=forms.HiddenInput, max_length=MAX_COMPACT_FILE_BYTES, strip=False)


class CompactDocumentVersionForm(PortalForm):
    """A newly adopted version of a compact's code or other document: a PDF, or a web
    address and/or text. The service checks the file and which of them was given."""

    adopted_on = GovukDateField(label="Date adopted", past_only=True)
    file = forms.FileField(
        label="The document as a PDF",
        required=False,
        widget=forms.FileInput(attrs={"accept": accept_attribute((".pdf",))}),
    )
    link = forms.URLField(
        label="Web address where it is published",
        max_length=500,
        required=False,
        assume_scheme="https",
        error_messages={
            "invalid": "Enter a web address, for example https://www.example.gov.uk/funding-code"
        },
    )
    text = forms.CharField(
        label="Its text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="If it is not published anywhere else",
    )

    # One of the three is needed: the hint says so, the service checks it.
    conditionally_required = ("file", "link", "text")

    def __init__(self, *args, max_bytes: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"Upload a PDF up to {filesizeformat(max_bytes)}, or give a web address or the "
            "text below instead"
        )


class CompactDocumentForm(CompactDocumentVersionForm):
    """A code or other document newly adopted under a compact, with its first version."""

    title = forms.CharField(
        max_length=200,
        help_text="As the document names itself, for example Riverside funding code",
        error_messages={"required": "Enter the document's title"},
    )
    kind = forms.ChoiceField(
        label="What kind of document it is",
        choices=CompactDocument.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of document it is"},
    )

    field_order = ["title", "kind", "adopted_on", "file", "link", "text"]
