"""A database that does not answer (PostgreSQL restarting, the pool exhausted) is a 503 with the
site's own page and a Retry-After, never a traceback; the broken connection is dropped so the next
request opens (or takes from the pool) a good one.

Called by the 500 handler (forum.views.server_error), which Django calls for any exception a view
or a middleware lets through. The page is rendered without the request's context processors:
those read the session and the user, from the database that is down.
"""

import logging
import time

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language, get_language_bidi

log = logging.getLogger("forum.unavailable")

RETRY_AFTER = 5  # seconds
LOG_EVERY_SECONDS = 60
_last_logged = [0.0]


def is_database_down(error: BaseException | None) -> bool:
    return isinstance(error, (OperationalError, InterfaceError))


def drop_broken_connections() -> None:
    for connection in connections.all(initialized_only=True):
        try:
            if connection.connection is not None and not connection.is_usable():
                connection.close()
        except Exception:  # noqa: BLE001 - closing a dead connection may fail too; it is gone either way
            connection.connection = None


def response(request, error: BaseException) -> HttpResponse:
    now = time.monotonic()
    if now - _last_logged[0] >= LOG_EVERY_SECONDS:
        _last_logged[0] = now
        log.error("database unavailable: answering 503 (%s: %s)", type(error).__name__, error)
    drop_broken_connections()
    html = render_to_string(
        "errors/503.html", {"LANGUAGE_CODE": get_language() or "fa", "LANGUAGE_BIDI": get_language_bidi()}
    )
    reply = HttpResponse(html, status=503, content_type="text/html; charset=utf-8")
    reply["Retry-After"] = str(RETRY_AFTER)
    return reply
