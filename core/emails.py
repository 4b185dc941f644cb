"""E-mail in the portal's voice: every message has a plain-text and an HTML part.

Templates come in threes under `templates/emails/`: `<name>_subject.txt`,
`<name>.txt` and `<name>.html`. Call this from services (after commit where the
write must land first), never from forms or views.

The subject and the text part are plain text, so they are rendered without HTML
escaping (an apostrophe stays an apostrophe); the HTML part is escaped as any page is.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string


def render_text(template_name: str, context: dict) -> str:
    """Render a plain-text template as typed: no HTML escaping, since there is no HTML."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def send_portal_email(*, to: list[str], template: str, context: dict,
                      reply_to: list[str] | None = None, headers: dict | None = None) -> int:
    """Send one message to `to`; returns the number sent (0 when there is nobody to tell)."""
    recipients = sorted({address for address in to if address})
    if not recipients:
        return 0
    context = {"SITE_URL": settings.SITE_URL, "SITE_NAME": settings.SITE_NAME, **context}
    subject = " ".join(render_text(f"emails/{template}_subject.txt", context).split())
    text = render_text(f"emails/{template}.txt", context)
    html = render_to_string(f"emails/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients, reply_to=reply_to, headers=headers,
    )
    message.attach_alternative(html, "text/html")
    return message.send()
