import pytest
from hypothesis import settings as hypothesis_settings

from tests.factories import PASSWORD, UserFactory

# Speed is measured by the benchmarks in bench/, not by tests: hypothesis's
# per-example deadline would make property tests fail on a loaded machine.
hypothesis_settings.register_profile("portal", deadline=None)
hypothesis_settings.load_profile("portal")


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
