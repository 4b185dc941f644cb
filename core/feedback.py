"""Feedback about the service (the phase banner's and the footer's link): the form, and
`feedback_send`, which e-mails the message to the service's contact address."""

from django import forms
from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme

from .emails import queue_portal_email
from .forms import PortalForm

MESSAGE_MAX_LENGTH = 3000


class FeedbackForm(PortalForm):
    message = forms.CharField(
        label="Your feedback or question",
        help_text="Do not include personal or financial information, for example your "
        "bank details.",
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Enter your feedback or question",
            "max_length": f"Your feedback must be {MESSAGE_MAX_LENGTH} characters or fewer",
        },
    )
    name = forms.CharField(
        label="Your name",
        required=False,
        max_length=200,
        error_messages={"max_length": "Your name must be 200 characters or fewer"},
    )
    email = forms.EmailField(
        label="Your e-mail address",
        help_text="Only if you would like a reply.",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an e-mail address in the right format, like name@example.com",
            "max_length": "Your e-mail address must be 254 characters or fewer",
        },
    )
    page = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)

    def clean_page(self):
        # Only a path on this site: the page the person came from, shown to the team.
        page = self.cleaned_data["page"]
        if page and url_has_allowed_host_and_scheme(page, allowed_hosts=None):
            return page
        return ""


def feedback_send(
    *, message: str, name: str = "", email: str = "", page: str = "", user=None
) -> int:
    """E-mail feedback to `CONTACT_EMAIL` (through the outbox), replying to the sender
    when they gave an address. Returns the number of messages queued (1)."""
    signed_in_as = user.email if user is not None and user.is_authenticated else ""
    reply_to = [address for address in [email or signed_in_as] if address]
    queued = queue_portal_email(
        to=[settings.CONTACT_EMAIL],
        template="core_feedback",
        context={
            "message": message, "name": name, "email": email, "page": page,
            "signed_in_as": signed_in_as,
        },
        reply_to=reply_to or None,
    )  # fmt: skip
    return int(queued is not None)
