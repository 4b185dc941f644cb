from django import forms
from django.template.defaultfilters import filesizeformat

from core.forms import LONG_TEXT_MAX_LENGTH, GovukDateField, PortalForm
from core.uploads import accept_attribute

from .compact_file import ListText
from .drafts import items_from_lines
from .models import CompactDocument, ItemList, list_heading

ITEMS_HINT = "One item a line; start a line with a dash (-) to put it under the item above"

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


class DraftRulesForm(PortalForm):
    """The rules a draft version is signed on."""

    conditionally_required = ("notice_months",)

    label = forms.CharField(
        label="Name of this version",
        help_text="As the compact will name it, for example 2027; leave blank to use its number",
        max_length=40,
        required=False,
    )
    notice_set = forms.TypedChoiceField(
        label="Does the compact set its own minimum notice before funding is reduced or ended?",
        choices=[("yes", "Yes"), ("no", "No, it follows the national Compact's 3 months")],
        widget=forms.RadioSelect,
    )
    notice_months = forms.IntegerField(
        label="Minimum notice, in calendar months",
        help_text="Needed if the compact sets its own. For example, 3",
        min_value=1,
        max_value=24,
        required=False,
    )
    consultation_weeks = forms.IntegerField(
        label="Minimum length of a consultation, in weeks",
        help_text="For example, 12",
        min_value=1,
        max_value=52,
    )

    def clean(self):
        cleaned = super().clean()
        notice_missing = cleaned.get("notice_months") is None and "notice_months" not in self.errors
        if cleaned.get("notice_set") == "yes" and notice_missing:
            self.add_error("notice_months", "Enter the minimum notice, in calendar months")
        return cleaned

    def notice_rule(self) -> int | None:
        return (
            self.cleaned_data["notice_months"] if self.cleaned_data["notice_set"] == "yes" else None
        )


def lines_of(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class DraftPartnersForm(PortalForm):
    """A draft's partners, one a line for each sector."""

    statutory = forms.CharField(
        label="Statutory partners",
        help_text="One a line, for example Riverside Borough Council",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
    vcs = forms.CharField(
        label="Voluntary and community sector partners",
        help_text="One a line",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        for name in ("statutory", "vcs"):
            for line in lines_of(cleaned.get(name, "")):
                if len(line) > 200:
                    self.add_error(name, "Each partner's name must be 200 characters or fewer")
                    break
        return cleaned


class DraftSectionForm(PortalForm):
    """One section of a draft: its title, summary, paragraphs and lists, without YAML."""

    title = forms.CharField(label="Title", max_length=300)
    summary = forms.CharField(
        label="Summary", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    paragraphs = forms.CharField(
        label="Paragraphs",
        help_text="Leave a blank line between paragraphs; they are numbered for you",
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
    )
    new_list_party = forms.ChoiceField(
        label="Add a list: whose commitments are they?",
        choices=[("none", "Do not add a list")]
        + [(value, label) for value, label in ItemList.Party.choices if value != "named"],
        required=False,
        initial="none",
        help_text="“Not commitments” is a list nobody can raise a concern about, "
        "such as definitions",
    )
    new_list_items = forms.CharField(
        label="Items of the new list",
        help_text=ITEMS_HINT,
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )

    def __init__(self, *args, lists=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.list_fields = []
        for number, item_list in enumerate(lists, start=1):
            name = f"list_{number}"
            self.fields[name] = forms.CharField(
                label=list_heading(
                    party=item_list.party, heading=item_list.heading, partners=item_list.partners
                ),
                help_text=ITEMS_HINT + ". Empty the box to remove the list",
                widget=forms.Textarea(attrs={"rows": 8}),
                required=False,
                max_length=LONG_TEXT_MAX_LENGTH,
            )
            self.list_fields.append(name)
        # The new list's questions come after the lists already there.
        for name in ("new_list_party", "new_list_items"):
            self.fields[name] = self.fields.pop(name)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_list_items", "").strip() and cleaned.get("new_list_party") == "none":
            self.add_error("new_list_party", "Select whose commitments the new list holds")
        return cleaned

    def list_items(self):
        return [items_from_lines(self.cleaned_data[name]) for name in self.list_fields]

    def new_list(self) -> ListText | None:
        party = self.cleaned_data.get("new_list_party", "none")
        if party == "none":
            return None
        return ListText(party=party, items=items_from_lines(self.cleaned_data["new_list_items"]))


class DraftAddSectionForm(PortalForm):
    kind = forms.ChoiceField(
        label="Is it a principle or another section?",
        choices=[
            ("principle", "A principle: what each sector undertakes, side by side"),
            ("section", "Another section: numbered paragraphs and lists"),
        ],
        widget=forms.RadioSelect,
    )
    title = forms.CharField(label="Title", max_length=300)
