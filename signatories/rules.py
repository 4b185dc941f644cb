"""Rules about signatures that other apps read: one function each, no database."""

import datetime

# A signature in one of these has been accepted, even if the steering group's approval
# date was never recorded (a signature loaded directly, or from before approvals were dated).
_ACCEPTED_STATUSES = ("active", "lapsed")


def joined_on(
    *, status: str, signed_on: datetime.date, approved_on: datetime.date | None
) -> datetime.date | None:
    """The day an organisation joined the compact by this signature, or None if it never has.

    An organisation joins on the day it signed, once its signature is accepted: the
    steering group's approval (or typing in a paper form, or loading demo content) may come
    later, but it accepts what was signed on that date. An application not yet accepted, or
    turned down, has not joined. The annual report, the open data and the self-assessment
    evidence all date joining by this.
    """
    if approved_on is None and status not in _ACCEPTED_STATUSES:
        return None
    if approved_on is None:
        return signed_on
    return min(signed_on, approved_on)
