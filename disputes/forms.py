"""Forms for concerns: they shape and check input; services do the writing."""

from django import forms
from django.core.validators import MinValueValidator
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils.formats import date_format

from accountability.models import Consultation, FundingChange
from commitments.models import Principle, Undertaking
from core.exceptions import ApplicationError
from core.forms import GovukDateField, PortalForm, PortalModelForm
from signatories.models import Organisation, Signatory

from .attachments import (
    ACCEPT_ATTRIBUTE,
    check_uploads,
    max_attachment_bytes,
    max_attachments,
    max_attachments_total_bytes,
)
from .models import DisputeSettings, Outcome


class FileInput(forms.FileInput):
    """A file box that takes several files (named so the GOV.UK field template styles it)."""

    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", FileInput(attrs={"accept": ACCEPT_ATTRIBUTE}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def _attachments_field():
    limit = filesizeformat(max_attachment_bytes())
    return MultipleFileField(
        label="Documents",
        help_text=(
            f"PDF, Word (.doc, .docx), pictures (.jpg, .png, .gif, .webp) or plain text (.txt), "
            f"up to {limit} each. You can choose up to {max_attachments()} at a time, "
            f"{filesizeformat(max_attachments_total_bytes())} together."
        ),
    )


def _check_attachments(files):
    try:
        return check_uploads(files)
    except ApplicationError as error:
        raise forms.ValidationError(error.message) from error


class UndertakingChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, undertaking):
        return (
            f"Principle {undertaking.principle.position} – "
            f"{undertaking.get_party_display()}: {undertaking.text}"
        )


class PrincipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, principle):
        return f"{principle.position}. {principle.title}"


class FundingChangeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, change):
        return (
            f"{change.programme} ({change.get_kind_display().lower()}), "
            f"{change.funding_body.name}, from {date_format(change.takes_effect_on, 'j F Y')}"
        )


class ConsultationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, consultation):
        return f"{consultation.title}, {consultation.organisation.name}"


class ConcernForm(PortalForm):
    """A concern under one compact; principles and undertakings come from its published text."""

    raised_by_organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Which of your organisations is raising it",
        empty_label=None,
        widget=forms.RadioSelect,
    )
    about_organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Which organisation is it about",
        empty_label="Choose an organisation",
        error_messages={"required": "Choose the organisation the concern is about"},
    )
    title = forms.CharField(
        label="Short title",
        max_length=150,
        help_text="A few words, for example 'Grant ended without notice'.",
        error_messages={"required": "Give the concern a short title"},
    )
    principles = PrincipleChoiceField(
        queryset=Principle.objects.none(),
        label="Which principles were not kept",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Choose at least one to submit the concern; a draft can leave them for now.",
    )
    undertakings = UndertakingChoiceField(
        queryset=Undertaking.objects.none(),
        label="Which undertakings were not kept",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Each must belong to a principle you have ticked.",
    )
    happened_on = GovukDateField(label="Date it happened", required=False, past_only=True)
    what_happened = forms.CharField(
        label="What happened",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Tell us what happened"},
    )
    what_has_been_tried = forms.CharField(
        label="What you have tried so far",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    outcome_wanted = forms.CharField(
        label="What outcome you want",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    withhold_raiser_name = forms.BooleanField(
        label="Keep our organisation's name from the other organisation until mediation",
        required=False,
        help_text="The steering group and any mediator will still see it.",
    )
    on_behalf_of_group = forms.CharField(
        label="Name of the group you are raising this for",
        max_length=200,
        required=False,
        help_text=(
            "Only if you are an infrastructure organisation (such as a CVS) raising this for a "
            "small group. The other organisation will not see the group's name until the group "
            "agrees."
        ),
    )
    funding_change = FundingChangeChoiceField(
        queryset=FundingChange.objects.none(),
        label="Funding change it is about",
        required=False,
        empty_label="None of these",
        help_text="If the funding change has been logged on the portal.",
    )
    consultation = ConsultationChoiceField(
        queryset=Consultation.objects.none(),
        label="Consultation it is about",
        required=False,
        empty_label="None of these",
        help_text="If the consultation has been logged on the portal.",
    )
    attachments = _attachments_field()

    conditionally_required = ("principles",)

    def __init__(self, *args, compact, version, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.compact = compact
        self.fields["raised_by_organisation"].queryset = organisations
        self.fields["about_organisation"].queryset = Organisation.objects.filter(
            signatures__compact=compact, signatures__status=Signatory.Status.ACTIVE
        ).order_by("name")
        self.fields["principles"].queryset = Principle.objects.filter(version=version)
        self.fields["undertakings"].queryset = (
            Undertaking.objects.filter(principle__version=version)
            .commitments()
            .select_related("principle", "item_list")
            .prefetch_related("item_list__partners")
            .order_by("principle__position", "item_list__position", "position")
        )
        # Funding changes the raising organisations are part of; consultations of the compact.
        self.fields["funding_change"].queryset = (
            FundingChange.objects.filter(compact=compact)
            .filter(Q(recipient__in=organisations) | Q(funding_body__in=organisations))
            .select_related("funding_body")
            .order_by("-takes_effect_on")
        )
        self.fields["consultation"].queryset = (
            Consultation.objects.filter(compact=compact)
            .select_related("organisation")
            .order_by("-opens_on")
        )

    def clean_attachments(self):
        return _check_attachments(self.cleaned_data["attachments"])


class MoveForm(PortalForm):
    target = forms.ChoiceField(
        label="What happens next",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what happens next"},
    )
    message = forms.CharField(
        label="Message to the parties", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, moves, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [(move.target, move.label) for move in moves]


class CloseForm(PortalForm):
    outcome = forms.ChoiceField(
        label="Outcome", widget=forms.RadioSelect, error_messages={"required": "Choose the outcome"}
    )
    outcome_summary = forms.CharField(
        label="Summary of the outcome", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    lessons = forms.CharField(
        label="Lessons for the compact",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Listed, without names, for the compact's next review.",
    )

    def __init__(self, *args, outcomes, show_lessons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [(o, Outcome(o).label) for o in outcomes]
        if not show_lessons:
            del self.fields["lessons"]


class MessageForm(PortalForm):
    body = forms.CharField(
        label="Message",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Write your message"},
    )
    attachments = _attachments_field()

    def clean_attachments(self):
        return _check_attachments(self.cleaned_data["attachments"])


class NoteForm(PortalForm):
    body = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Only the steering group and the mediator will see this.",
        error_messages={"required": "Write the note"},
    )


class CorrectionForm(PortalForm):
    body = forms.CharField(
        label="Correction",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The original entry stays; your correction is shown after it.",
        error_messages={"required": "Write the correction"},
    )


class SessionForm(PortalForm):
    held_on = GovukDateField(label="Date of the session", past_only=True)
    body = forms.CharField(
        label="What was discussed and agreed",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Write what happened at the session"},
    )
    is_private = forms.BooleanField(
        label="Keep this record for the steering group and mediator only", required=False
    )


class MediatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, member):
        return f"{member.user.full_name or member.user.email}" + (
            f" – {member.about}" if member.about else ""
        )


class AssignMediatorForm(PortalForm):
    mediator = MediatorChoiceField(
        queryset=None,
        label="Mediator",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose a mediator"},
    )

    def __init__(self, *args, panel, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mediator"].queryset = panel


class PanelMemberForm(PortalForm):
    email = forms.EmailField(
        label="E-mail address of their portal account",
        error_messages={
            "required": "Enter their e-mail address",
            "invalid": "Enter an e-mail address like name@example.org",
        },
    )
    about = forms.CharField(
        label="Background",
        max_length=300,
        required=False,
        help_text="For example, 'Accredited community mediator'.",
    )


class DisputeSettingsForm(PortalModelForm):
    class Meta:
        model = DisputeSettings
        fields = [
            "acknowledge_within_working_days",
            "respond_within_working_days",
            "resolve_within_working_days",
            "mediate_within_working_days",
            "review_within_working_days",
            "retention_years",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.min_value = 1
            field.widget.attrs["class"] = "govuk-input--width-3"
            field.error_messages["min_value"] = "Each time limit must be at least 1 working day"
            field.validators.append(MinValueValidator(1))
        self.fields["retention_years"].error_messages["min_value"] = (
            "Years to keep a closed concern must be at least 1"
        )
