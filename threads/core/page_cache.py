"""The anonymous render of hot pages (home, areas, threads), kept in the shared cache until the
page's live stream moves.

Who gets it: only a GET from a browser that carries no cookie but the CSRF, language and theme cookies, so
no session: nobody signed in, no pending messages. Signed-in people always render afresh. What is
kept is what a visitor may see, never members-only content: a members-only thread answers a
visitor 404, and only 200s are kept.

Invalidation: every write goes through the action layer, which publishes an event on the page's
stream (`thread:<id>`, `area:<slug>`, `home`); `threads.core.events.publish_now` calls `invalidate`
after the commit, which gives the stream a new generation. A page is kept with the generation read
*before* it was rendered, so a render that raced a write is stored under the old generation and
never served. PAGE_CACHE_SECONDS bounds what no event announces (a renamed organization or person).

The key holds the stream, the language, the theme, the reader's time zone and the path (with ?page=N only; other query strings are not
cached). CSRF tokens are taken out before keeping and each reader gets their own on the way out.
Off when PAGE_CACHE_SECONDS is 0 (the default with DEBUG=1, so tests measure the render).
"""

import functools
import hashlib
import logging
import re
import uuid

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language

from forum import zones

log = logging.getLogger(__name__)

CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
CSRF_PLACEHOLDER = "\x00csrf\x00"
PAGE_QUERY = re.compile(r"(page=[0-9]{1,6})?")
THEME_COOKIE = "hamgami_theme"  # forum.views.set_theme


def seconds() -> int:
    return int(settings.HAMGAMI.get("PAGE_CACHE_SECONDS", 0))


def _generation_key(stream: str) -> str:
    return f"page:gen:{stream}"


def _page_key(stream: str, language: str, path: str) -> str:
    digest = hashlib.sha256(path.encode()).hexdigest()[:32]
    return f"page:html:{stream}:{language}:{digest}"


def _keys_key(stream: str) -> str:
    return f"page:keys:{stream}"


def _remember(stream: str, page_key: str) -> None:
    """Note a kept page under its stream, so `purge` can delete it (not only make it stale)."""
    keys = cache.get(_keys_key(stream)) or []
    if page_key not in keys:
        cache.set(_keys_key(stream), [*keys[-199:], page_key], timeout=max(seconds(), 1) * 2)


def purge(stream: str) -> None:
    """Delete every kept render of a stream's pages (a redaction: no copy of the removed text may
    stay in the cache, even one that would never be served)."""
    invalidate(stream)
    try:
        cache.delete_many([*(cache.get(_keys_key(stream)) or []), _keys_key(stream)])
    except Exception:  # noqa: BLE001 - entries left behind expire within PAGE_CACHE_SECONDS, never served
        log.exception("page cache: could not purge %s", stream)


def invalidate(stream: str) -> None:
    """Called after a write on `stream` commits: every kept render of its pages is now stale."""
    if seconds() <= 0:
        return
    try:
        cache.set(_generation_key(stream), uuid.uuid4().hex, timeout=None)
    except Exception:  # noqa: BLE001 - a cache that is down serves nothing stale either
        log.exception("page cache: could not invalidate %s", stream)


def _cacheable_request(request) -> bool:
    if request.method != "GET" or not PAGE_QUERY.fullmatch(request.META.get("QUERY_STRING", "")):
        return False
    allowed = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME, THEME_COOKIE, zones.COOKIE}
    if not set(request.COOKIES) <= allowed:  # a session (signed in or not), messages, anything else
        return False
    return not request.user.is_authenticated  # no session cookie: never true; checked all the same


def _serve(request, html: str) -> HttpResponse:
    token = get_token(request)  # the reader's own; also makes CsrfViewMiddleware set the cookie
    body = html.replace(CSRF_PLACEHOLDER, token)
    response = HttpResponse(body, content_type="text/html; charset=utf-8")
    response["X-Page-Cache"] = "hit"
    return response


def anonymous_page_cache(stream_of):
    """Decorate a view whose page subscribes to the stream `stream_of(request, *args, **kwargs)`."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            ttl = seconds()
            if ttl <= 0 or not _cacheable_request(request):
                return view(request, *args, **kwargs)
            stream = stream_of(request, *args, **kwargs)
            generation_key = _generation_key(stream)
            theme = request.COOKIES.get(THEME_COOKIE, "")  # <html data-theme> differs per theme
            variant = f"{get_language() or settings.LANGUAGE_CODE}:{theme[:8]}:{timezone.get_current_timezone_name()}"
            page_key = _page_key(stream, variant, request.get_full_path())
            try:
                found = cache.get_many([generation_key, page_key])
                generation = found.get(generation_key)
                kept = found.get(page_key)
                if generation is not None and kept is not None and kept[0] == generation:
                    return _serve(request, kept[1])
                if generation is None:  # never set, or evicted: start a new one (old pages can't match)
                    cache.add(generation_key, uuid.uuid4().hex, timeout=None)
                    generation = cache.get(generation_key)
            except Exception:  # noqa: BLE001 - without a cache, render as if there were none
                log.exception("page cache: unavailable")
                return view(request, *args, **kwargs)
            response = view(request, *args, **kwargs)
            if (
                generation is not None
                and response.status_code == 200
                and not response.streaming
                and response.get("Content-Type", "").startswith("text/html")
                and not response.cookies
                and not request.user.is_authenticated
            ):
                html = CSRF_INPUT.sub(rf"\g<1>{CSRF_PLACEHOLDER}\g<2>", response.content.decode(response.charset))
                try:
                    cache.set(page_key, (generation, html), timeout=ttl)
                    _remember(stream, page_key)
                    if cache.get(generation_key) != generation:  # a write (or a purge) raced this render
                        cache.delete(page_key)
                except Exception:  # noqa: BLE001
                    log.exception("page cache: could not keep %s", page_key)
                response["X-Page-Cache"] = "miss"
            return response

        return wrapper

    return decorator
