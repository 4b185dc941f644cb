import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth keeps its rate limits (one confirmation e-mail per address every few
    minutes) in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()
