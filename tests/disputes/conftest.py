import pytest

from tests.disputes.factories import make_parties


@pytest.fixture
def parties(db):
    return make_parties()


@pytest.fixture(autouse=True)
def private_media(tmp_path, settings):
    """Each test stores case documents in its own folder, removed afterwards."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT
