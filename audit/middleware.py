import logging

import psycopg
from django.db import connection

from .triggers import USER_SETTING

logger = logging.getLogger(__name__)

_WRITES = ("INSERT", "UPDATE", "DELETE")


class _TellTheDatabaseWho:
    """An execute wrapper: before each write of the request, tell PostgreSQL whose it is.

    Set per write rather than once, because a rolled-back transaction takes the setting
    with it. The extra statement runs beneath Django's query log, so it costs a round trip
    but no counted query.
    """

    def __init__(self, request):
        self.request = request
        self.told = False

    def __call__(self, execute, sql, params, many, context):
        if sql.lstrip()[:6].upper() in _WRITES:
            user = getattr(self.request, "user", None)
            user_id = str(user.pk) if user is not None and user.is_authenticated else ""
            execute("SELECT set_config(%s, %s, false)", (USER_SETTING, user_id), False, context)
            self.told = True
        return execute(sql, params, many, context)


def _forget(connection) -> None:
    """Clear the setting, so that whatever runs next on this connection is nobody's."""
    raw = connection.connection
    if raw is None:
        return
    try:
        with raw.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, '', false)", (USER_SETTING,))
    except psycopg.Error:  # a failed transaction: its rollback takes the setting with it
        logger.debug("The history's user setting was left to the rollback")


class AuditUserMiddleware:
    """Records who made each change in the database's history (audit.triggers)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if connection.vendor != "postgresql":
            return self.get_response(request)
        tell = _TellTheDatabaseWho(request)
        try:
            with connection.execute_wrapper(tell):
                return self.get_response(request)
        finally:
            if tell.told:
                _forget(connection)
