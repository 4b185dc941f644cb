"""Forms for funding changes and consultations: shape the input; the services judge it."""

from django import forms

from core.forms import GovukDateField, MoneyField, PortalForm, years_from_today
from signatories.models import Organisation

from .models import FundingChange

NEW_RECIPIENT = "new"
# How far ahead a change or consultation can sensibly be planned; later is a slip of the keys.
PLANNING_YEARS = 10


class FundingChangeForm(PortalForm):
    """Log or amend a funding change. Pass `signatures` (where the officer may log) and
    `recipients` (the directory's organisations to pick from)."""

    signature = forms.ChoiceField(
        label="Funding body and compact",
        error_messages={"required": "Choose the funding body and compact"},
    )
    recipient = forms.ChoiceField(
        label="Organisation funded",
        help_text="Pick a signatory from the directory, or add an organisation that is not listed",
        error_messages={"required": "Choose the organisation funded"},
    )
    new_recipient_name = forms.CharField(
        label="Name of the organisation to add",
        max_length=250,
        required=False,
        help_text="Needed if the organisation is not listed",
    )
    new_recipient_kind = forms.ChoiceField(
        label="Type of the organisation to add",
        choices=[("", "Choose a type")]
        + [
            choice
            for choice in Organisation.Kind.choices
            if choice[0] not in ("council", "nhs", "police", "fire", "business")
        ],
        required=False,
        help_text="Needed if the organisation is not listed",
    )
    new_recipient_postcode = forms.CharField(
        label="Postcode of the organisation to add", max_length=8, required=False
    )
    programme = forms.CharField(
        label="Programme or service",
        max_length=250,
        error_messages={"required": "Enter the programme or service funded"},
    )
    kind = forms.ChoiceField(
        label="Kind of change",
        choices=FundingChange.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of change"},
    )
    current_annual_amount = MoneyField(
        label="Current annual amount",
        required=False,
        help_text="Needed for a reduction, an ending or an increased award",
    )
    new_annual_amount = MoneyField(
        label="New annual amount",
        required=False,
        help_text="Needed for a reduction, a new award or an increased award",
    )
    decided_on = GovukDateField(label="Date of the decision", required=False, past_only=True)
    notice_given_on = GovukDateField(
        label="Date notice was given",
        required=False,
        past_only=True,
        help_text="The date written notice was given. Leave it empty if you are planning "
        "the change and have not given notice yet",
    )
    takes_effect_on = GovukDateField(
        label="Date the change takes effect", max=years_from_today(PLANNING_YEARS)
    )
    rationale = forms.CharField(
        label="Reasons for the change",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the reasons for the change"},
    )
    impact_assessment = forms.CharField(
        label="Impact on beneficiaries, service users and volunteers",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    response_invited = forms.BooleanField(
        label="The organisation was given the opportunity to respond", required=False
    )
    response_invited_on = GovukDateField(
        label="Date it was invited to respond",
        required=False,
        past_only=True,
        help_text="Needed if the organisation was given the opportunity to respond",
    )
    exceptional_circumstances = forms.BooleanField(
        label="Shorter notice because of exceptional circumstances", required=False
    )
    exceptional_reason = forms.CharField(
        label="Reason for shorter notice",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Needed if notice is shorter because of exceptional circumstances",
    )

    conditionally_required = (
        "current_annual_amount", "new_annual_amount", "response_invited_on",
        "exceptional_reason", "new_recipient_name", "new_recipient_kind",
    )  # fmt: skip

    def __init__(self, *args, signatures, recipients, amending=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.signatures = {str(s.pk): s for s in signatures}
        self.fields["signature"].choices = [("", "Choose")] + [
            (key, f"{s.organisation.name}, {s.compact.name}") for key, s in self.signatures.items()
        ]
        self.recipients = {str(o.pk): o for o in recipients}
        self.fields["recipient"].choices = (
            [("", "Choose an organisation")]
            + [(key, o.name) for key, o in self.recipients.items()]
            + [(NEW_RECIPIENT, "Not listed: add it")]
        )
        if amending:
            del self.fields["signature"]
            for name in ("new_recipient_name", "new_recipient_kind", "new_recipient_postcode"):
                del self.fields[name]
            self.fields["recipient"].choices = self.fields["recipient"].choices[:-1]
            self.fields["reason"] = forms.CharField(
                label="Why are you amending the record?",
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={"required": "Say why you are amending the record"},
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("recipient") == NEW_RECIPIENT:
            if not cleaned.get("new_recipient_name", "").strip():
                self.add_error("new_recipient_name", "Enter the name of the organisation to add")
            if not cleaned.get("new_recipient_kind"):
                self.add_error("new_recipient_kind", "Choose the type of the organisation to add")
        return cleaned

    @property
    def chosen_signature(self):
        return self.signatures[self.cleaned_data["signature"]]

    def details(self, recipient) -> dict:
        """The service's `details`, with the recipient resolved by the view."""
        data = self.cleaned_data
        names = (
            "programme", "kind", "current_annual_amount", "new_annual_amount", "decided_on",
            "notice_given_on", "takes_effect_on", "rationale", "impact_assessment",
            "response_invited", "response_invited_on", "exceptional_circumstances",
            "exceptional_reason",
        )  # fmt: skip
        return {"recipient": recipient, **{name: data[name] for name in names}}

    @staticmethod
    def initial_from(change: FundingChange) -> dict:
        names = (
            "programme", "kind", "current_annual_amount", "new_annual_amount", "decided_on",
            "notice_given_on", "takes_effect_on", "rationale", "impact_assessment",
            "response_invited", "response_invited_on", "exceptional_circumstances",
            "exceptional_reason",
        )  # fmt: skip
        initial = {name: getattr(change, name) for name in names}
        initial["recipient"] = str(change.recipient_id)
        return initial


class ExceptionalForm(PortalForm):
    exceptional_reason = forms.CharField(
        label="What are the exceptional circumstances?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Explain the exceptional circumstances"},
    )


class ExceptionalDecisionForm(PortalForm):
    """The steering group's answer to a request to accept shorter notice as exceptional."""

    decision = forms.TypedChoiceField(
        label="Does the steering group accept the exceptional circumstances?",
        choices=[
            ("agree", "Yes, agree: the change is not counted as a breach"),
            ("refuse", "No, refuse: the change counts as a breach"),
        ],  # fmt: skip
        coerce=lambda value: value == "agree",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the steering group agrees or refuses"},
    )
    decision_reason = forms.CharField(
        label="The steering group's reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The funding body sees this, and it is kept with the record",
        error_messages={"required": "Give the steering group's reason for agreeing or refusing"},
    )


class WithdrawForm(PortalForm):
    reason = forms.CharField(
        label="Why is the change withdrawn?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the change is withdrawn"},
    )


class ResponseForm(PortalForm):
    text = forms.CharField(
        label="Your organisation's response",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter your response"},
    )


class DecisionForm(PortalForm):
    final_decision_on = GovukDateField(label="Date of the final decision", past_only=True)
    responses_considered = forms.TypedChoiceField(
        label="Was the organisation's response considered before the decision?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the response was considered"},
    )


class ConsultationForm(PortalForm):
    signature = forms.ChoiceField(
        label="Body running it, and compact",
        error_messages={"required": "Choose the body running the consultation"},
    )
    title = forms.CharField(
        max_length=250, error_messages={"required": "Enter the consultation's title"}
    )
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter a summary of what is asked"},
    )
    link = forms.URLField(
        label="Web address of the consultation",
        max_length=500,
        assume_scheme="https",
        error_messages={
            "required": "Enter the web address where people can respond",
            "invalid": "Enter a web address, for example https://www.example.gov.uk/consult",
        },
    )
    audience = forms.CharField(
        label="Who it is for",
        max_length=500,
        error_messages={"required": "Enter who the consultation is for"},
    )
    opens_on = GovukDateField(label="Date it opens", max=years_from_today(PLANNING_YEARS))
    closes_on = GovukDateField(label="Date it closes", max=years_from_today(PLANNING_YEARS))
    shorter_reason = forms.CharField(
        label="Reason it runs for less than the compact's minimum",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Needed only when the consultation is shorter than the minimum",
    )

    conditionally_required = ("shorter_reason",)

    def __init__(self, *args, signatures, **kwargs):
        super().__init__(*args, **kwargs)
        self.signatures = {str(s.pk): s for s in signatures}
        self.fields["signature"].choices = [("", "Choose")] + [
            (key, f"{s.organisation.name}, {s.compact.name}") for key, s in self.signatures.items()
        ]

    @property
    def chosen_signature(self):
        return self.signatures[self.cleaned_data["signature"]]


class FeedbackForm(PortalForm):
    we_asked = forms.CharField(
        label="We asked", widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what you asked"},
    )  # fmt: skip
    you_said = forms.CharField(
        label="You said", widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what people said"},
    )  # fmt: skip
    we_did = forms.CharField(
        label="We did", widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what you did"},
    )  # fmt: skip
