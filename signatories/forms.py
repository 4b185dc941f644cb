"""Forms of the sign-up journey, the approval queue, people and champions."""

from django import forms
from django.core.exceptions import ValidationError

from commitments.models import Compact
from core.forms import GovukDateField, PortalForm

from . import validators
from .models import Champion, Membership, Organisation

EMAIL_ERROR = {"invalid": "Enter an e-mail address in the correct format, like name@example.org"}


def _normalised(form, field, normalise):
    value = form.cleaned_data.get(field, "")
    if not value:
        return value
    try:
        return normalise(value)
    except ValidationError as error:
        raise forms.ValidationError(error.messages[0]) from error


class OrganisationForm(PortalForm):
    name = forms.CharField(
        label="Name of the organisation",
        max_length=250,
        error_messages={"required": "Enter the organisation's name"},
    )
    sector = forms.ChoiceField(
        choices=Organisation.Sector.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the organisation's sector"},
    )
    kind = forms.ChoiceField(
        label="Type of organisation",
        choices=[("", "Choose a type"), *Organisation.Kind.choices],
        error_messages={"required": "Choose the type of organisation"},
    )
    charity_number = forms.CharField(
        label="Registered charity number",
        required=False,
        max_length=20,
        help_text=(
            "From the charity register: England and Wales, like 1234567; Scotland, like "
            "SC012345; Northern Ireland, like NIC100002"
        ),
    )
    company_number = forms.CharField(
        label="Company number",
        required=False,
        max_length=20,
        help_text="From Companies House, like 01234567 or SC123456",
    )
    register_code = forms.CharField(
        label="Council or NHS organisation code",
        required=False,
        max_length=10,
        help_text="Councils and NHS bodies only, like BEX or 07L",
    )
    address = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    postcode = forms.CharField(
        max_length=10,
        error_messages={"required": "Enter the postcode"},
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "autocomplete": "postal-code"}
        ),
    )
    telephone = forms.CharField(
        required=False,
        max_length=30,
        error_messages={"max_length": "The telephone number must be 30 characters or fewer"},
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label="Organisation's e-mail",
        max_length=validators.EMAIL_MAX_LENGTH,
        error_messages={
            "required": "Enter the organisation's e-mail address",
            "max_length": (
                "The organisation's e-mail address must be "
                f"{validators.EMAIL_MAX_LENGTH} characters or fewer"
            ),
            **EMAIL_ERROR,
        },
    )
    website = forms.URLField(
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address, like https://example.org"},
    )

    def clean_charity_number(self):
        return _normalised(self, "charity_number", validators.normalise_charity_number)

    def clean_company_number(self):
        return _normalised(self, "company_number", validators.normalise_company_number)

    def clean_postcode(self):
        return _normalised(self, "postcode", validators.normalise_postcode)

    def clean_register_code(self):
        return _normalised(self, "register_code", validators.normalise_register_code)

    def clean_telephone(self):
        return _normalised(self, "telephone", validators.normalise_telephone)

    def clean(self):
        cleaned = super().clean()
        sector, kind = cleaned.get("sector"), cleaned.get("kind")
        if sector and kind:
            try:
                validators.check_sector_and_kind(
                    sector=sector,
                    kind=kind,
                    sector_label=Organisation.Sector(sector).label,
                    kind_label=Organisation.Kind(kind).label,
                )
            except ValidationError as error:
                self.add_error("kind", error.messages[0])
        return cleaned


class ExistingOrganisationForm(PortalForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        widget=forms.RadioSelect,
        label="Sign for an organisation you already manage",
        error_messages={"required": "Choose an organisation"},
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class CompactChoiceForm(PortalForm):
    compact = forms.ModelChoiceField(
        queryset=Compact.objects.none(),
        widget=forms.RadioSelect,
        label="Which compact does the organisation want to sign?",
        error_messages={"required": "Choose the compact to sign"},
    )

    def __init__(self, *args, compacts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compact"].queryset = compacts


class DeclarationForm(PortalForm):
    signed_by_name = forms.CharField(
        label="Your full name",
        max_length=200,
        error_messages={"required": "Enter the name of the person signing"},
    )
    signed_by_role = forms.CharField(
        label="Your role or job title",
        max_length=200,
        help_text="For example, chair of trustees or chief executive",
        error_messages={"required": "Enter your role or job title"},
    )
    has_read_and_discussed = forms.BooleanField(
        label="The compact has been read and discussed in the organisation",
        error_messages={"required": "Confirm that the compact has been read and discussed"},
    )
    will_appoint_champion = forms.BooleanField(
        label="The organisation will appoint a Compact Champion",
        error_messages={"required": "Confirm that the organisation will appoint a champion"},
    )
    will_promote = forms.BooleanField(
        label="The organisation will promote the compact and work by it",
        error_messages={"required": "Confirm that the organisation will promote the compact"},
    )


class ReasonForm(PortalForm):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), error_messages={"required": "Enter a reason"}
    )

    def __init__(self, *args, label="Reason", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label


class AnswerForm(PortalForm):
    answer = forms.CharField(
        label="Your answer",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter your answer"},
    )


class InvitationForm(PortalForm):
    email = forms.EmailField(
        label="Colleague's e-mail",
        error_messages={"required": "Enter your colleague's e-mail address", **EMAIL_ERROR},
    )
    role = forms.ChoiceField(
        choices=Membership.Role.choices, widget=forms.RadioSelect, initial=Membership.Role.MEMBER
    )


class ChampionForm(PortalForm):
    conditionally_required = ("department", "deputy_name")

    kind = forms.ChoiceField(
        label="Type of champion",
        choices=Champion.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of champion"},
    )
    name = forms.CharField(
        label="Champion's full name",
        max_length=200,
        error_messages={"required": "Enter the champion's name"},
    )
    email = forms.EmailField(
        label="Champion's e-mail",
        error_messages={"required": "Enter the champion's e-mail address", **EMAIL_ERROR},
    )
    telephone = forms.CharField(required=False, max_length=30)
    department = forms.CharField(
        required=False, max_length=200, help_text="Needed for a departmental champion"
    )
    deputy_name = forms.CharField(
        label="Deputy's name",
        required=False,
        max_length=200,
        help_text="Needed for a lead champion: who covers when they are away",
    )
    deputy_email = forms.EmailField(
        label="Deputy's e-mail", required=False, error_messages=EMAIL_ERROR
    )
    senior_contact_name = forms.CharField(
        label="Senior person they have direct access to",
        max_length=200,
        error_messages={"required": "Enter the senior person the champion can go to"},
    )
    senior_contact_role = forms.CharField(
        label="That person's role",
        max_length=200,
        error_messages={"required": "Enter the senior person's role"},
    )


class RecordOnBehalfForm(DeclarationForm, OrganisationForm):
    """A paper form typed in by the steering group: the organisation and its declaration."""

    signed_on = GovukDateField(label="Date the form was signed", past_only=True)


class SuccessorForm(PortalForm):
    successor = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Organisation that took over",
        error_messages={"required": "Choose the organisation that took over"},
    )
    reason = forms.CharField(
        label="What happened",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, the two councils merged on 1 April 2027",
    )

    def __init__(self, *args, predecessor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = Organisation.objects.exclude(pk=predecessor.pk).filter(
            sector=predecessor.sector
        )
