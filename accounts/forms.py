from allauth.account import forms as account_forms
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.totp import forms as totp_forms
from django import forms

from core.forms import GovukDateField, GovukFormMixin, PortalForm
from core.text import sentence_case

# What to do, not "This field is required.", in the error summary and beside the field.
REQUIRED_MESSAGES = {
    "login": "Enter your email address",
    "email": "Enter your email address",
    "password": "Enter your password",
    "oldpassword": "Enter your current password",
    "password1": "Enter a password",
    "password2": "Enter the password again",
    "code": "Enter the 6-digit code from your authenticator app",
}


class PortalAllauthForm(GovukFormMixin):
    """Mixed into allauth's forms: sentence-case labels, no placeholders, and messages that
    say what to do."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.label:
                field.label = sentence_case(field.label)
            # GOV.UK forms use labels and hints, not placeholders that vanish as you type.
            field.widget.attrs.pop("placeholder", None)
            if name in REQUIRED_MESSAGES:
                field.error_messages["required"] = REQUIRED_MESSAGES[name]


class PortalLoginForm(PortalAllauthForm, account_forms.LoginForm):
    pass


class PortalResetPasswordForm(PortalAllauthForm, account_forms.ResetPasswordForm):
    pass


class PortalResetPasswordKeyForm(PortalAllauthForm, account_forms.ResetPasswordKeyForm):
    pass


class PortalChangePasswordForm(PortalAllauthForm, account_forms.ChangePasswordForm):
    pass


class PortalSetPasswordForm(PortalAllauthForm, account_forms.SetPasswordForm):
    pass


class PortalAddEmailForm(PortalAllauthForm, account_forms.AddEmailForm):
    pass


class PortalReauthenticateForm(PortalAllauthForm, account_forms.ReauthenticateForm):
    pass


class PortalActivateTOTPForm(PortalAllauthForm, totp_forms.ActivateTOTPForm):
    pass


class PortalAuthenticateForm(PortalAllauthForm, mfa_forms.AuthenticateForm):
    pass


class PortalReauthenticateMFAForm(PortalAllauthForm, mfa_forms.ReauthenticateForm):
    pass


class PortalSignupForm(PortalAllauthForm, account_forms.SignupForm):
    """allauth's sign-up, asking also for the person's name (used on forms they sign)."""

    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={"required": "Enter your full name"},
    )

    field_order = ["full_name", "email", "password1", "password2"]

    def save(self, request):
        user = super().save(request)
        user.full_name = self.cleaned_data["full_name"]
        user.save(update_fields=["full_name"])
        return user


class ErasureRequestForm(PortalForm):
    """Whose personal data to erase, who asked and when: the first page of an erasure."""

    email = forms.EmailField(
        label="E-mail address of the person to erase",
        help_text="The address they sign in with.",
        max_length=254,
        error_messages={
            "required": "Enter the e-mail address of the person to erase",
            "invalid": "Enter an e-mail address in the right format, like name@example.com",
        },
    )
    requested_by = forms.CharField(
        label="Who asked for the erasure",
        help_text='For example, "The person, by e-mail to the steering group". Do not '
        "write their name or contact details: this record is kept.",
        max_length=250,
        error_messages={"required": "Enter who asked for the erasure"},
    )
    request_received_on = GovukDateField(label="Date the request was received", past_only=True)
