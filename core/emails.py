"""E-mail in the portal's voice: every message has a plain-text and an HTML part.

Templates come in threes under `templates/emails/`: `<name>_subject.txt`,
`<name>.txt` and `<name>.html`. Services queue e-mail with
`outbox.services.email_queue`, which renders here and writes a row in the same
transaction as the change; the worker sends it. Never from forms or views.

The subject and the text part are plain text, so they are rendered without HTML
escaping (an apostrophe stays an apostrophe); the HTML part is escaped as any page is.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string


def render_text(template_name: str, context: dict) -> str:
    """Render a plain-text template as typed: no HTML escaping, since there is no HTML."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def render_portal_email(*, template: str, context: dict) -> tuple[str, str, str]:
    """(subject, text, html) of the portal's e-mail `template` with `context`."""
    context = {"SITE_URL": settings.SITE_URL, "SITE_NAME": settings.SITE_NAME, **context}
    subject = " ".join(render_text(f"emails/{template}_subject.txt", context).split())
    text = render_text(f"emails/{template}.txt", context)
    html = render_to_string(f"emails/{template}.html", context)
    return subject, text, html


def build_portal_email(
    *,
    to: list[str],
    subject: str,
    text: str,
    html: str,
    reply_to: list[str] | None = None,
    headers: dict | None = None,
) -> EmailMultiAlternatives:
    """The message as it goes to the mail server: a text part and, if given, an HTML part."""
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to or None,
        headers=headers or None,
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message


# Core is the lowest app, so it cannot import the outbox; the outbox registers its
# `email_queue` here (in `OutboxConfig.ready`), as apps register succession handlers.
_email_queue: Callable | None = None


def register_email_queue(queue: Callable) -> None:
    global _email_queue
    _email_queue = queue


def queue_portal_email(**kwargs):
    """Queue an e-mail through the outbox, for core's own services (keyword arguments as
    `outbox.services.email_queue`); apps above core call the outbox directly."""
    if _email_queue is None:
        raise ImproperlyConfigured("No e-mail queue registered: is `outbox` in INSTALLED_APPS?")
    return _email_queue(**kwargs)
