from core.personal_data import personal_data_of

from .models import User
from .permissions import can_erase


def erasable_person(*, actor, email: str) -> User | None:
    """The account signing in with `email`, if `actor` may erase it; None otherwise, so
    the page says the same whether or not the address is held (it reveals nobody)."""
    person = User.objects.filter(email__iexact=email.strip()).first()
    if person is None or not can_erase(actor, person):
        return None
    return person


def personal_data_download(person) -> dict:
    """Everything `person`'s subject access download holds, as JSON-ready data."""
    return {
        section.key: {"title": section.title, "rows": section.rows}
        for section in personal_data_of(person)
    }


def records_held(person) -> list[tuple[str, int]]:
    """How many records of each kind the portal holds about `person`: what an erasure's
    check page shows (the kinds and numbers, not the person's data itself)."""
    return [
        (section.key.replace("_", " ").capitalize(), len(section.rows))
        for section in personal_data_of(person)
    ]
