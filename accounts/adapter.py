"""allauth's e-mails sent the portal's way: in its name, as plain text, linking to SITE_URL,
through the outbox (so no sign-up or password reset waits on the mail server)."""

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.core.mail import EmailMessage

from core.emails import render_text
from outbox.services import email_queue_rendered


def on_portal_address(url: str) -> str:
    """The same page at the portal's public address (SITE_URL), not the host the request
    came in on: links in e-mails must work from wherever the e-mail is read."""
    parts = urlsplit(url)
    if not parts.scheme:
        return url
    return settings.SITE_URL + parts.path + (f"?{parts.query}" if parts.query else "")


class PortalAccountAdapter(DefaultAccountAdapter):
    """Sign-up, confirmation and password e-mails from `templates/account/email/` and
    `templates/mfa/email/`, which are the portal's own words."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        links = {
            key: on_portal_address(value)
            for key, value in context.items()
            if key.endswith("_url") and isinstance(value, str)
        }
        context = {
            "request": allauth_context.request,
            "email": email,
            **context,
            **links,
            "SITE_NAME": settings.SITE_NAME,
            "SITE_URL": settings.SITE_URL,
            # What allauth's own templates would call the site, had the portal not replaced them.
            "current_site": SimpleNamespace(
                name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc
            ),
        }
        message = self.render_mail(template_prefix, email, context)
        # Queued, not sent: the worker delivers it with the outbox's retries. The text
        # holds a reset or confirmation link, so it is never logged (nor shown in the admin).
        email_queue_rendered(
            to=message.to,
            template=template_prefix,
            subject=message.subject,
            text=message.body,
            headers=dict(message.extra_headers),
        )

    def render_mail(self, template_prefix, email, context, headers=None) -> EmailMessage:
        """Plain text, rendered as `core.emails` renders every text part (no HTML escaping)."""
        subject = " ".join(render_text(f"{template_prefix}_subject.txt", context).split())
        body = render_text(f"{template_prefix}_message.txt", context).strip() + "\n"
        recipients = [email] if isinstance(email, str) else list(email)
        return EmailMessage(subject, body, self.get_from_email(), recipients, headers=headers)
