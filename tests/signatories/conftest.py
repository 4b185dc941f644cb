import pytest

from tests.factories import SteeringGroupMemberFactory, UserFactory, published_compact


@pytest.fixture
def compact(db):
    return published_compact(name="Riverside Compact")


@pytest.fixture
def steering(compact):
    """A compact administrator of `compact` (an ordinary user, not staff)."""
    return SteeringGroupMemberFactory(
        compact=compact, user=UserFactory(email="cvs@example.org")
    ).user


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """`with committing():` runs the on_commit callbacks (the e-mails) of what it wraps,
    as the real request's transaction would when it commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
