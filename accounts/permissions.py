from core.personal_data import any_eraser_rule


def can_erase(actor, person=None) -> bool:
    """Whether `actor` may erase `person`'s personal data (with `person` None: anyone's, so
    whether to offer the page). Site staff may erase anyone; a steering group's
    administrators the people of their compact (the rules apps register with
    core.personal_data). Nobody erases themselves here, nor the "former member" account."""
    if not actor.is_authenticated:
        return False
    if person is not None and (person.pk == actor.pk or person.is_former_member):
        return False
    return actor.is_staff or any_eraser_rule(actor, person)
