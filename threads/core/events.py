"""Publishing live events: numbered per stream, kept for catch-up, rendered once per audience.

Only the action layer calls `publish_on_commit`. After the transaction commits, the event takes
the stream's next sequence number (under a row lock, so numbers are gap-free and strictly
increasing), is stored for clients that reconnect, and is sent to one channel-layer group per
audience and language. A failure to reach the channel layer is logged, never raised: the write has
already happened, and catch-up fills the gap when the layer is back.
"""

import asyncio
import functools
import logging
import re
from collections.abc import Callable
from datetime import timedelta

from channels.layers import get_channel_layer
from django.conf import settings
from django.db import transaction
from django.utils import translation

from accounts.access import AUDIENCES
from forum.live import run_on_worker_loop, send_to_user, user_group  # noqa: F401 - part of this module's API
from threads.core import page_cache
from threads.core.models import StreamEvent, StreamHead
from threads.core import live_dispatch
from threads.core import live_layer

log = logging.getLogger(__name__)

KEEP_EVENTS = 500  # per stream; older ones are pruned and a client that far behind is told to reload
PAGE_CLOCK_MARGIN = 2  # seconds of clock difference tolerated between workers (see page_since)

# render(audience) -> the HTML fragment for that audience, or None when it may not see the event.
Renderer = Callable[[str], "str | None"]

_published: list[list] = []  # test capture stack, see `capture_events`


def group_name(stream: str, audience: str, language: str) -> str:
    """Channel-layer group names allow only ASCII letters, digits, '-', '_' and '.'."""
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", stream.replace(":", "."))
    return f"live.{safe}.{audience}.{language}"[:99]


def render_payload(render: Renderer) -> dict[str, str]:
    payload = {}
    for audience in AUDIENCES:
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                html = render(audience)
            if html is not None:
                payload[f"{audience}:{language}"] = html
    return payload


def publish_on_commit(stream: str, event: str, render: Renderer, data: dict | None = None) -> None:
    """Publish once the surrounding transaction commits; nothing is sent if it rolls back.

    The kept anonymous renders are dropped at once; rendering, storing and sending go through
    threads.core.live_dispatch, off the request when HAMGAMI["LIVE_FANOUT"] is "thread" (issue 16)."""
    transaction.on_commit(lambda: _after_commit(stream, event, render, data or {}))


def _after_commit(stream: str, event: str, render: Renderer, data: dict) -> None:
    page_cache.invalidate(stream)  # before the response: the next page load must not be the stale one
    live_dispatch.dispatch(publish_now, stream, event, render, data)


def publish_now(stream: str, event: str, render: Renderer, data: dict) -> StreamEvent:
    page_cache.invalidate(stream)  # the write has committed: kept anonymous renders of its pages are stale
    payload = render_payload(render)
    payload["_data"] = data
    with transaction.atomic():
        head, _ = StreamHead.objects.select_for_update().get_or_create(stream=stream)
        head.seq += 1
        head.save(update_fields=["seq"])
        stored = StreamEvent.objects.create(stream=stream, seq=head.seq, event=event, payload=payload)
        if head.seq > KEEP_EVENTS and head.seq % 50 == 0:
            StreamEvent.objects.filter(stream=stream, seq__lte=head.seq - KEEP_EVENTS).delete()
    for capture in _published:
        capture.append(stored)
    send_to_layer(stored)
    return stored


def send_to_layer(stored: StreamEvent) -> None:
    """One message per audience and language group; groups that may not see the event get a bare
    `live.skip` (no HTML, no data) so their sockets advance their sequence without asking the
    database and the client never learns that something it may not see happened."""
    layer = get_channel_layer()
    if layer is None:
        return
    messages = []
    for audience in AUDIENCES:
        for language, _name in settings.LANGUAGES:
            html = stored.payload.get(f"{audience}:{language}")
            if html is None:
                message = {"type": "live.skip", "stream": stored.stream, "seq": stored.seq}
            else:
                message = {
                    "type": "live.event",
                    "stream": stored.stream,
                    "seq": stored.seq,
                    "event": stored.event,
                    "html": html,
                    "data": stored.payload.get("_data", {}),
                    "audience": audience,
                    "language": language,
                }
            messages.append((group_name(stored.stream, audience, language), message))

    async def send_all():
        await asyncio.gather(*(layer.group_send(group, message) for group, message in messages))

    try:
        run_on_worker_loop(send_all)  # one hop to the worker's loop for the six groups, not six
    except live_layer.LAYER_ERRORS as error:  # Redis down: the write stands, catch-up delivers; logged once a minute
        live_layer.log_down(error)
    except Exception:  # noqa: BLE001 - the write stands; catch-up delivers later
        log.exception("live: could not publish %s #%s on %s", stored.event, stored.seq, stored.stream)


def current_seq(stream: str) -> int:
    """The last sequence number given out on a stream (0 before its first event)."""
    return StreamHead.objects.filter(stream=stream).values_list("seq", flat=True).first() or 0


def heads(streams) -> dict[str, int]:
    """The last sequence number of each stream, for a view to read *before* its queries and pass
    as `live_since`: every event up to it was stored after its write committed, so the page shows
    it and the socket replays nothing the page already has (page_since's clock margin replays
    recent events, which would swap a page's own richer part for the live one)."""
    streams = list(streams)
    if not streams:
        return {}
    found = dict(StreamHead.objects.filter(stream__in=streams).values_list("stream", "seq"))
    return {stream: found.get(stream, 0) for stream in streams}


def heads_first(streams_of):
    """Decorate a view whose page follows the streams `streams_of(request, *args, **kwargs)` (names
    made from the URL's arguments, so no query comes before): their heads are read before the view's
    first query and kept as `request.live_heads`, which `{% live_since %}` prefers to the clock.

    Why: a live fragment is rendered per audience, without the reader's own links and forms (a
    chair's hide buttons, Translate, Edit, an unread count); page_since replays the last two
    seconds' events, and a replayed fragment would replace the page's richer part of the same thing."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            request.live_heads = heads(streams_of(request, *args, **kwargs))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def events_after(stream: str, since: int, until: int | None = None) -> list[StreamEvent]:
    """Stored events with since < seq (<= until), in order."""
    events = StreamEvent.objects.filter(stream=stream, seq__gt=since)
    if until is not None:
        events = events.filter(seq__lte=until)
    return list(events.order_by("seq"))


def oldest_kept_seq(stream: str) -> int | None:
    return StreamEvent.objects.filter(stream=stream).order_by("seq").values_list("seq", flat=True).first()


def page_since(stream: str, started_at) -> int:
    """The sequence number a page rendered after `started_at` can safely claim to reflect.

    Every event stored before `started_at` (less a margin for clocks of other workers) was
    committed before the page read the database, so the page shows it. Events stored later may or
    may not be on the page; they are replayed and the client applies them idempotently (by id).
    The head is read first so that an event committed between the two queries is never skipped.
    """

    head = current_seq(stream)
    if started_at is None:
        return head
    cutoff = started_at - timedelta(seconds=PAGE_CLOCK_MARGIN)
    first_recent = (
        StreamEvent.objects.filter(stream=stream, created_at__gte=cutoff)
        .order_by("seq")
        .values_list("seq", flat=True)
        .first()
    )
    return min(head, first_recent - 1) if first_recent is not None else head


class capture_events:
    """Collect what the action layer publishes inside the block (for tests)."""

    def __enter__(self) -> list[StreamEvent]:
        self.events: list[StreamEvent] = []
        _published.append(self.events)
        return self.events

    def __exit__(self, *exc):
        _published.remove(self.events)
        return False
