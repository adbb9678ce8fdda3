"""Site-wide pages: home, health, and error pages in the reader's language."""

import asyncio
import logging
import sys
from datetime import timedelta

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from dbtasks.models import Worker
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.tasks import task_backends
from django.templatetags.static import static
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from forum import unavailable
log = logging.getLogger(__name__)


THEME_COOKIE = "hamgami_theme"
THEMES = ("light", "dark")


@require_POST
def set_theme(request):
    """The theme switch without JavaScript: a cookie, then back to the page. "auto" (or anything
    else) forgets the choice, so the page follows the system's prefers-color-scheme again."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = "/"
    response = redirect(target)
    theme = request.POST.get("theme", "")
    if theme in THEMES:
        response.set_cookie(
            THEME_COOKIE, theme, max_age=365 * 24 * 3600, samesite="Lax", secure=request.is_secure(), httponly=True
        )
    else:
        response.delete_cookie(THEME_COOKIE, samesite="Lax")
    return response


@require_GET
def keyboard_help(request):
    return render(request, "help/keyboard.html")


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; point them at the static icon."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


@never_cache
@require_GET
def healthz(request):
    """200 when the database and the channel layer answer, 503 naming the one that does not.

    `worker` says whether a task worker has been seen lately (null: tasks run in the request's own
    process, none is needed). It does not change the status: without a worker the site still
    serves pages, but emails, thread timers and deadline notices wait, which an operator must see."""
    checks = {"database": _database_ok(), "channel_layer": _channel_layer_ok()}
    redis = _redis_ok()
    if redis is not None:
        checks["redis"] = redis
    ok = all(checks.values())
    return JsonResponse({"ok": ok, **checks, "worker": _worker_seen()}, status=200 if ok else 503)


def _redis_ok() -> bool | None:
    """Whether the Redis behind the cache answers (None: no Redis configured). The pages keep
    working without it (forum/cache.py), but live updates pause and rate limits count per process."""
    ping = getattr(cache, "ping", None)
    return ping() if ping is not None else None


def _worker_seen() -> bool | None:

    backend = task_backends["default"]
    if not hasattr(backend, "worker_timeout"):  # the immediate backend: no worker involved
        return None
    try:

        since = timezone.now() - timedelta(seconds=backend.worker_timeout)
        return Worker.objects.filter(backend=backend.alias, last_seen__gte=since).exists()
    except Exception:  # noqa: BLE001
        log.warning("healthz: worker check failed", exc_info=True)
        return False


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()[0] == 1
    except Exception:  # noqa: BLE001
        log.exception("healthz: database check failed")
        return False


def _channel_layer_ok() -> bool:
    layer = get_channel_layer()
    if layer is None:
        return False

    async def probe():
        channel = await layer.new_channel("healthz.")
        await layer.send(channel, {"type": "healthz.ping"})
        message = await layer.receive(channel)
        return message.get("type") == "healthz.ping"

    async def probe_with_timeout():
        return await asyncio.wait_for(probe(), timeout=2)

    try:
        return bool(async_to_sync(probe_with_timeout)())
    except Exception:  # noqa: BLE001
        log.warning("healthz: channel layer check failed", exc_info=True)
        return False


def _error(request, status, template, context=None):
    return render(request, template, context or {}, status=status)


def not_found(request, exception=None):
    return _error(request, 404, "errors/404.html")


def forbidden(request, exception=None):
    message = getattr(exception, "message", None) if exception else None
    return _error(request, 403, "errors/403.html", {"message": message})


def bad_request(request, exception=None):
    return _error(request, 400, "errors/400.html")


def server_error(request):
    error = sys.exc_info()[1]
    if unavailable.is_database_down(error):  # PostgreSQL restarting: a clean 503 (forum/unavailable.py)
        return unavailable.response(request, error)
    return _error(request, 500, "errors/500.html")


def csrf_failure(request, reason=""):
    """A stale form: say so plainly; the browser's back button still holds what was typed."""
    return _error(request, 403, "errors/csrf.html")
