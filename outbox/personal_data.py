"""What the outbox holds about a person (core.personal_data): the e-mails the portal
wrote to them, and the feedback they sent (it is e-mailed to the team, replying to them)."""

from core.personal_data import Section, row

from .models import Message

FEEDBACK_TEMPLATE = "core_feedback"


def _addressed(field: str, email: str):
    """Messages whose `field` (a list of addresses) holds `email`, in any case. The JSON
    text is searched first (cheap, and the same on SQLite), then each list is checked."""
    email = email.lower()
    candidates = Message.objects.filter(**{f"{field}__icontains": email})
    return [
        message
        for message in candidates
        if email in (address.lower() for address in getattr(message, field))
    ]


def personal_data(person) -> list[Section]:
    to_them = Section(
        "emails_to_you",
        "E-mails the portal wrote to you",
        [
            row({"Written": message.created_at, "Subject": message.subject,
                 "Status": message.get_status_display(), "Text": message.text})
            for message in _addressed("to", person.email)
        ],
    )  # fmt: skip
    feedback = Section(
        "feedback",
        "Feedback you sent",
        [
            row({"Sent": message.created_at, "Text": message.text})
            for message in _addressed("reply_to", person.email)
            if message.template == FEEDBACK_TEMPLATE
        ],
    )
    return [to_them, feedback]


def erase(*, person, former_member) -> None:
    """E-mails to the person and their feedback are theirs alone: deleted. Where they were
    one of several recipients, only their address is taken off."""
    email = person.email.lower()
    for message in _addressed("to", person.email):
        others = [address for address in message.to if address.lower() != email]
        if others:
            message.to = others
            message.save(update_fields=["to"])
        else:
            message.delete()
    for message in _addressed("reply_to", person.email):
        if message.template == FEEDBACK_TEMPLATE:
            message.delete()
        else:
            message.reply_to = [a for a in message.reply_to if a.lower() != email]
            message.save(update_fields=["reply_to"])
