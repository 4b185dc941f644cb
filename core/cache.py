"""The portal's cache: Redis, shared by every process, that falls back to a local cache
while Redis cannot be reached.

allauth keeps its rate limits (sign-in attempts, e-mails sent) in the cache, so they
hold across web processes only when the cache is shared: Redis. But a cache is not the
record of anything, and the sign-in page calls it on every request; when Redis is
unreachable the portal must still let people sign in rather than answer 500. So each
call that fails to reach Redis is answered by this process's local-memory cache, a
warning is logged, and Redis is tried again after `RETRY_AFTER_SECONDS` (not on every
call, so that a dead Redis costs one connection timeout, not one per request).
"""

import logging
import time
from functools import wraps

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def _falls_back(method_name: str):
    redis_method = getattr(RedisCache, method_name)

    @wraps(redis_method)
    def method(self, *args, **kwargs):
        if not self.redis_is_down():
            try:
                return redis_method(self, *args, **kwargs)
            except UNREACHABLE as error:
                self.mark_redis_down(error)
        return getattr(self.fallback, method_name)(*args, **kwargs)

    return method


class ResilientRedisCache(RedisCache):
    # When each server was last found unreachable, shared by the threads of a process.
    _down_until: dict[str, float] = {}  # noqa: RUF012

    def __init__(self, server, params):
        super().__init__(server, params)
        self._server_key = str(server)
        local_params = {k: v for k, v in params.items() if k not in ("OPTIONS", "LOCATION")}
        self.fallback = LocMemCache(f"resilient-fallback-{self._server_key}", local_params)

    def redis_is_down(self) -> bool:
        return time.monotonic() < self._down_until.get(self._server_key, 0.0)

    def mark_redis_down(self, error: Exception) -> None:
        self._down_until[self._server_key] = time.monotonic() + RETRY_AFTER_SECONDS
        logger.warning(
            "Redis cache unreachable (%s); using this process's local cache for %s seconds. "
            "Rate limits now hold per process only.",
            error.__class__.__name__,
            RETRY_AFTER_SECONDS,
        )

    add = _falls_back("add")
    get = _falls_back("get")
    set = _falls_back("set")
    touch = _falls_back("touch")
    delete = _falls_back("delete")
    get_many = _falls_back("get_many")
    has_key = _falls_back("has_key")
    incr = _falls_back("incr")
    set_many = _falls_back("set_many")
    delete_many = _falls_back("delete_many")
    clear = _falls_back("clear")
