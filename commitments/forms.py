from django import forms

from core.forms import PortalForm

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
