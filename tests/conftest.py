import pytest

from tests.factories import PASSWORD, UserFactory


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def signed_in_client(client):
    """A test client signed in as a fresh person; returns (client, user)."""

    def sign_in(user=None):
        user = user or UserFactory()
        client.force_login(user)
        return client, user

    return sign_in
