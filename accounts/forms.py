from allauth.account.forms import SignupForm
from django import forms


class PortalSignupForm(SignupForm):
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
