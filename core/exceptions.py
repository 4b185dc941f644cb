class ApplicationError(Exception):
    """A rule of the compact or the portal was not met. Services raise it; views show it.

    `field` names the form field the message belongs beside, or None for the whole form.
    """

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def add_error_to_form(form, error: ApplicationError) -> None:
    """Show a service's refusal on the form it came from, keeping what was typed."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
