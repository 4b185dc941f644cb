"""Kombu's Redis transport, with one guard that keeps the worker alive across a Redis restart.

When Redis goes away the worker closes its broker connection, and closing a channel
puts back the messages it holds unacknowledged (tasks running with acks_late, and
any waiting for a countdown). kombu 5.7's Redis channel then builds a new connection
pool from its transport's `client`, which the closed connection has already set to
None: `AttributeError: 'NoneType' object has no attribute 'hostname'`. That is not
one of the broker's connection errors, so Celery takes it for a bug and the worker
exits ("Unrecoverable error"). Raising Redis's own ConnectionError instead lets Celery
treat it as what it is, a lost broker: it logs, reconnects and carries on. The
messages it could not put back stay in Redis's unacked set and come back after the
visibility timeout; the outbox's rows are in the database either way.
"""

from kombu.transport import redis as kombu_redis
from redis.exceptions import ConnectionError as RedisConnectionError


class Channel(kombu_redis.Channel):
    def _connparams(self, asynchronous=False):
        if self.connection.client is None:
            raise RedisConnectionError("The broker connection is closed; reconnecting.")
        return super()._connparams(asynchronous=asynchronous)


class Transport(kombu_redis.Transport):
    Channel = Channel
