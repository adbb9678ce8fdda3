"""The live socket: authenticate, authorize, subscribe, catch up, relay (protocol in docs/live.md).

One socket per open page. The consumer never writes models: events come from the action layer
(threads.core.events) through the channel layer and, for catch-up, from the stored StreamEvent log.

Group messages reach the socket through the worker's hub (threads/live/hub.py): one channel-layer
subscription per group and worker, handed to each registered socket's inbox.

Ordering and exactly-once: a consumer handles one message at a time (from the websocket or from
its inbox), so while a subscribe replays stored events, live events for that stream wait in the
inbox. The group is joined before the replay is read, so nothing falls between the two; every
delivery drops what is at or below the stream's last delivered seq and fetches any gap from the
database first.
"""

import asyncio
import json
import logging
import time
from dataclasses import dataclass

from channels.db import database_sync_to_async
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_supported_language_variant
from django.utils.translation.trans_real import parse_accept_lang_header

from accounts import access as people
from accounts.models import Organization, User
from threads.core import events, live_layer
from threads.core.access import can_read_thread
from threads.core.models import Area, Thread
from threads.joint.access import stream_readable
from threads.live import hub as hubs
from threads.live.signals import session_tag

log = logging.getLogger(__name__)

MAX_FRAME = 64 * 1024  # bytes in one client frame; larger closes with 1009
MAX_RATE = 20  # client messages per second before throttling
MAX_RATE_HARD = 40  # … and before disconnecting (1008)
MAX_SUBSCRIPTIONS = 20  # streams per socket
MAX_SOCKETS_PER_USER = 10  # open sockets per signed-in person (all workers, via the cache)
SOCKET_COUNT_TTL = 3600  # a worker that dies without cleaning up leaks its counts for at most this
MAX_REPLAY = events.KEEP_EVENTS

CLOSE_TOO_BIG = 1009
CLOSE_POLICY = 1008
CLOSE_SESSION_ENDED = 4001
CLOSE_TOO_MANY_SOCKETS = 4029
CLOSE_TRY_AGAIN_LATER = 1013  # the channel layer (Redis) is down: the page says "paused" and retries with backoff
INBOX = 100  # live messages waiting for one socket; more are dropped, and the next one fills the gap from the log
LIVE_TYPES = frozenset({"live.event", "live.skip"})

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


@dataclass
class Subscription:
    stream: str
    audience: str
    language: str
    last: int  # the last seq delivered (or skipped as not visible) on this socket

    @property
    def group(self) -> str:
        return events.group_name(self.stream, self.audience, self.language)


def language_from_scope(scope) -> str:
    """As LocaleMiddleware would: language cookie, then Accept-Language, then the default (fa)."""
    cookie = (scope.get("cookies") or {}).get(settings.LANGUAGE_COOKIE_NAME)
    candidates = [cookie] if cookie else []
    for name, value in scope.get("headers") or []:
        if name == b"accept-language":
            header = value.decode("latin-1")[:500]
            candidates += [code for code, _q in parse_accept_lang_header(header) if code != "*"]
    for code in candidates:
        try:
            return get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


# --- authorization (sync, run in a thread) ---------------------------------------------------


def _fresh_user(user):
    """The person as the database has them now (memberships and moderator flag may have changed)."""
    if user is None or not user.is_authenticated:
        return user
    try:
        return User.objects.get(pk=user.pk)
    except User.DoesNotExist:
        return people.anonymous()


def audience_for_stream(user, stream: str) -> str | None:
    """The audience whose rendering this person gets on the stream, or None if refused or missing."""
    if user is not None and user.is_authenticated and not user.is_active:
        return None
    kind, _sep, key = stream.partition(":")
    if stream == "home":
        pass
    elif stream == "moderation":  # the review queue: site-wide moderators only
        if not people.is_moderator(user):
            return None
    elif kind == "thread" and key.isdigit() and len(key) < 19:
        thread = Thread.objects.filter(pk=int(key)).first()
        if thread is None or not can_read_thread(user, thread):
            return None
    elif kind in ("statement", "gathering"):  # joint action (threads/joint/access.py)
        if not stream_readable(user, kind, key):
            return None
    elif kind == "area" and key:
        if not Area.objects.filter(slug=key).exists():
            return None
    elif kind == "org" and key:
        if not Organization.objects.filter(slug=key, status=Organization.Status.ADMITTED).exists():
            return None
    elif kind == "user" and key.isdigit():  # the notification bell: only the person themself
        if user is None or not user.is_authenticated or str(user.pk) != key:
            return None
    else:
        return None
    return people.audience_of(user)


def item_key(stored) -> tuple | None:
    """What a stored event is about (a post, a thread row), for collapsing a replay."""
    data = stored.payload.get("_data") or {}
    prefix = stored.event.partition(".")[0]
    if prefix in ("post", "thread") and prefix in data:
        return prefix, data[prefix]
    return None


class LiveConsumer(AsyncJsonWebsocketConsumer):
    async def __call__(self, scope, receive, send):
        """As Channels' AsyncConsumer, but group messages come from the worker's hub into the
        socket's inbox instead of from a channel of its own on the layer, and one task handles
        the inbox (a small one feeds it the client's frames, one at a time). A layer that goes
        down ends the socket with 1013 (try again later) rather than an error (threads/live_layer.py)."""
        self.scope = scope
        self.base_send = send
        self.channel_layer = None  # the hub talks to the layer; this socket has no channel there
        self.hub = hubs.hub()
        self.inbox: asyncio.Queue = asyncio.Queue()
        self.client_done = asyncio.Event()
        pump = asyncio.ensure_future(self._pump(receive))
        try:
            while True:
                message = await self.inbox.get()
                try:
                    await self.dispatch(message)
                finally:
                    if message["type"].startswith("websocket."):
                        self.client_done.set()
        except StopConsumer:
            pass
        except live_layer.LAYER_ERRORS as error:
            live_layer.log_down(error)
            if not getattr(self, "closing", False):
                await send({"type": "websocket.close", "code": CLOSE_TRY_AGAIN_LATER})
        finally:
            pump.cancel()
            if self.hub is not None:
                await self.hub.leave_all(self)

    async def _pump(self, receive) -> None:
        """The client's messages into the inbox, the next only once the last has been handled (so a
        flooding client waits in the server's bounded queue, as with Channels' own loop)."""
        while True:
            try:
                message = await receive()
            except Exception:  # noqa: BLE001 - the server lost the connection: end the socket as a disconnect would
                log.warning("live: the socket's receive failed", exc_info=True)
                message = {"type": "websocket.disconnect", "code": 1006}
            self.client_done.clear()
            self.inbox.put_nowait(message)
            if message["type"] == "websocket.disconnect":
                return
            await self.client_done.wait()

    async def dispatch(self, message):
        if message["type"] in LIVE_TYPES:  # no database here (a gap is read through database_sync_to_async)
            handler = self.live_event if message["type"] == "live.event" else self.live_skip
            await handler(message)
        else:
            await super().dispatch(message)

    # --- from the hub (threads/live/hub.py), synchronous: never waits for this socket ----------

    def hub_deliver(self, message: dict) -> None:
        if message.get("type") in LIVE_TYPES and self.inbox.qsize() >= INBOX:
            return  # a socket that does not keep up: the next event reads what it missed from the log
        self.inbox.put_nowait(message)

    def hub_failed(self) -> None:
        self.inbox.put_nowait({"type": "live.layer_down"})

    async def live_layer_down(self, message):
        """The hub lost the layer (logged there, once a minute): the page pauses and retries."""
        if not self.closing:
            await self._close(CLOSE_TRY_AGAIN_LATER)

    async def _join(self, group: str) -> None:
        if self.hub is not None:
            await self.hub.join(group, self)

    async def _leave(self, group: str) -> None:
        if self.hub is not None:
            await self.hub.leave(group, self)

    async def connect(self):
        self.user = self.scope.get("user")
        self.subscriptions: dict[str, Subscription] = {}
        self.language = language_from_scope(self.scope)
        self.rate_window = 0
        self.rate_count = 0
        self.throttled = False
        self.counted = False
        self.closing = False
        session = self.scope.get("session")
        self.session = session_tag(session.session_key) if session is not None and session.session_key else None
        if self.user_id is not None:
            if not await self._count_socket():
                await self.accept()
                await self.send_json({"type": "error", "code": "too_many_sockets"})
                await self.close(code=CLOSE_TOO_MANY_SOCKETS)
                return
            try:
                await self._join(events.user_group(self.user_id))
            except live_layer.LAYER_ERRORS as error:
                await self.accept()
                await self._layer_down(error)
                return
        await self.accept()

    async def _layer_down(self, error) -> None:
        live_layer.log_down(error)
        await self._close(CLOSE_TRY_AGAIN_LATER)

    @property
    def user_id(self):
        user = getattr(self, "user", None)
        return user.pk if user is not None and user.is_authenticated else None

    async def disconnect(self, code):
        self.subscriptions = {}
        if self.hub is not None:
            await self.hub.leave_all(self)
        if getattr(self, "counted", False):
            self.counted = False
            try:
                await cache.adecr(self._socket_key())
            except ValueError:  # the count expired meanwhile
                pass
            except Exception:  # noqa: BLE001
                log.exception("live: could not release a socket count")

    def _socket_key(self) -> str:
        return f"live:sockets:{self.user_id}"

    async def _count_socket(self) -> bool:
        key = self._socket_key()
        try:
            await cache.aadd(key, 0, timeout=SOCKET_COUNT_TTL)
            count = await cache.aincr(key)
        except Exception:  # noqa: BLE001 - without a cache, no cap rather than no live updates
            log.exception("live: socket count unavailable")
            return True
        if count > MAX_SOCKETS_PER_USER:
            try:
                await cache.adecr(key)
            except Exception:  # noqa: BLE001
                pass
            return False
        self.counted = True
        return True

    async def _close(self, code):
        self.closing = True
        await self.close(code=code)

    # --- from the client -------------------------------------------------------------------

    async def websocket_receive(self, message):
        if self.closing:
            return
        frame = message.get("text")
        size = len(frame.encode()) if frame is not None else len(message.get("bytes") or b"")
        if size > MAX_FRAME:
            await self._close(CLOSE_TOO_BIG)
            return
        if not await self._within_rate():
            return
        if frame is None:
            await self.send_json({"type": "error", "code": "bad_request"})
            return
        try:
            content = json.loads(frame)
        except ValueError:
            await self.send_json({"type": "error", "code": "bad_request"})
            return
        await self.receive_json(content)

    async def _within_rate(self) -> bool:
        now = int(time.monotonic())
        if now != self.rate_window:
            self.rate_window, self.rate_count, self.throttled = now, 0, False
        self.rate_count += 1
        if self.rate_count > MAX_RATE_HARD:
            await self._close(CLOSE_POLICY)
            return False
        if self.rate_count > MAX_RATE:
            if not self.throttled:
                self.throttled = True
                await self.send_json({"type": "error", "code": "throttled"})
            return False
        return True

    async def receive_json(self, content, **kwargs):
        if not isinstance(content, dict):
            await self.send_json({"type": "error", "code": "bad_request"})
            return
        kind = content.get("type")
        stream = content.get("stream")
        if kind in ("subscribe", "unsubscribe") and (not isinstance(stream, str) or not 0 < len(stream) <= 100):
            await self.send_json({"type": "error", "code": "bad_request"})
            return
        if kind == "subscribe":
            since = content.get("since")
            if since is not None and (not isinstance(since, int) or isinstance(since, bool) or since < 0):
                since = None
            lang = content.get("lang")
            language = lang if lang in LANGUAGE_CODES else self.language
            await self.subscribe(stream, since, language)
        elif kind == "unsubscribe":
            sub = self.subscriptions.pop(stream, None)
            if sub is not None:
                await self._leave(sub.group)
        elif kind == "ping":
            await self.send_json({"type": "pong"})
        else:
            await self.send_json({"type": "error", "code": "bad_request"})

    async def subscribe(self, stream: str, since: int | None, language: str) -> None:
        existing = self.subscriptions.get(stream)
        if existing is None and len(self.subscriptions) >= MAX_SUBSCRIPTIONS:
            await self.send_json({"type": "error", "stream": stream, "code": "too_many_subscriptions"})
            return
        audience = await database_sync_to_async(self._authorize)(stream)
        if audience is None:
            if existing is not None:
                self.subscriptions.pop(stream)
                await self._leave(existing.group)
            await self.send_json({"type": "error", "stream": stream, "code": "forbidden"})
            return
        if existing is not None:
            await self._leave(existing.group)
        sub = Subscription(stream=stream, audience=audience, language=language, last=0)
        # Join first, then read: an event committed from here on is either in the replay or queued.
        try:
            await self._join(sub.group)
        except live_layer.LAYER_ERRORS as error:  # the page catches up from its seq when it reconnects
            await self._layer_down(error)
            return
        self.subscriptions[stream] = sub
        head, oldest, replay = await database_sync_to_async(self._catch_up)(stream, since)
        if since is None:
            sub.last = head
        elif since > head or (since < head and (oldest is None or oldest > since + 1)):
            # The page is ahead of the server (restored database) or further behind than we keep.
            sub.last = head
            await self.send_json({"type": "reset", "stream": stream, "seq": head})
        else:
            sub.last = since
            await self._deliver_replay(sub, replay)
        await self.send_json({"type": "subscribed", "stream": stream, "seq": sub.last})

    def _authorize(self, stream):
        self.user = _fresh_user(self.user)
        return audience_for_stream(self.user, stream)

    @staticmethod
    def _catch_up(stream, since):
        head = events.current_seq(stream)
        if since is None or since >= head:
            return head, None, []
        oldest = events.oldest_kept_seq(stream)
        if oldest is None or oldest > since + 1:
            return head, oldest, []
        return head, oldest, events.events_after(stream, since, head)[:MAX_REPLAY]

    async def _deliver_replay(self, sub: Subscription, replay) -> None:
        """Stored events in order, each item only in its latest rendering: a post created and then
        hidden is sent once, hidden, so a body that was hidden meanwhile is not sent again."""
        latest = {}
        for stored in replay:
            key = item_key(stored)
            if key is not None:
                latest[key] = stored.seq
        for stored in replay:
            key = item_key(stored)
            if key is not None and latest[key] != stored.seq:
                sub.last = max(sub.last, stored.seq)  # superseded: skipped, but counted
                continue
            await self._deliver_stored(sub, stored)

    # --- delivery ----------------------------------------------------------------------------

    async def _deliver_stored(self, sub: Subscription, stored) -> None:
        if stored.seq <= sub.last:
            return
        sub.last = stored.seq
        html = stored.payload.get(f"{sub.audience}:{sub.language}")
        if html is None:
            return  # this audience may not see it; the client never hears of it
        await self.send_json(
            {
                "type": "event",
                "stream": stored.stream,
                "seq": stored.seq,
                "event": stored.event,
                "html": html,
                "data": stored.payload.get("_data", {}),
            }
        )

    async def _fill_gap(self, sub: Subscription, upto: int) -> None:
        """Events between the last delivered and `upto` (exclusive) never reached us: read them."""
        missing = await database_sync_to_async(events.events_after)(sub.stream, sub.last, upto - 1)
        if missing and missing[0].seq > sub.last + 1 or not missing and upto - 1 > sub.last:
            # Pruned meanwhile (very far behind): the page must reload to be right.
            sub.last = upto - 1
            await self.send_json({"type": "reset", "stream": sub.stream, "seq": sub.last})
            return
        await self._deliver_replay(sub, missing)

    async def live_event(self, message):
        sub = self.subscriptions.get(message["stream"])
        if sub is None or message.get("audience") != sub.audience or message.get("language") != sub.language:
            return  # queued before an unsubscribe or an audience change
        seq = message["seq"]
        if seq <= sub.last:
            return
        if seq > sub.last + 1:
            await self._fill_gap(sub, seq)
            if seq <= sub.last:
                return
        sub.last = seq
        await self.send(text_data=event_frame(message))

    async def live_skip(self, message):
        sub = self.subscriptions.get(message["stream"])
        if sub is None or message["seq"] <= sub.last:
            return
        if message["seq"] > sub.last + 1:
            await self._fill_gap(sub, message["seq"])
        sub.last = max(sub.last, message["seq"])

    # --- control messages to the person ------------------------------------------------------

    async def access_changed(self, message):
        """Memberships changed: re-check every stream; move to the new audience or drop it."""
        for stream, sub in list(self.subscriptions.items()):
            audience = await database_sync_to_async(self._authorize)(stream)
            if audience is None:
                self.subscriptions.pop(stream, None)
                await self._leave(sub.group)
                await self.send_json({"type": "error", "stream": stream, "code": "forbidden"})
            elif audience != sub.audience:
                await self._leave(sub.group)
                sub.audience = audience
                try:
                    await self._join(sub.group)
                except live_layer.LAYER_ERRORS as error:
                    await self._layer_down(error)
                    return
                # What the page shows was rendered for the old audience: offer a reload.
                await self.send_json({"type": "reset", "stream": stream, "seq": sub.last})

    async def session_ended(self, message):
        if message.get("session") in (None, self.session):
            await self._close(CLOSE_SESSION_ENDED)


_frames: dict[tuple, str] = {}  # the last events' frames, encoded once per worker (issue 16)
FRAMES_KEPT = 64


def event_frame(message: dict) -> str:
    """The JSON text sent to every socket of one audience and language for one event: encoded once
    per worker process, not once per socket (each socket's group message is the same event)."""
    key = (message["stream"], message["seq"], message["event"], message["html"], repr(message.get("data", {})))
    frame = _frames.get(key)
    if frame is None:
        frame = json.dumps(
            {
                "type": "event",
                "stream": message["stream"],
                "seq": message["seq"],
                "event": message["event"],
                "html": message["html"],
                "data": message.get("data", {}),
            }
        )
        if len(_frames) >= FRAMES_KEPT:
            _frames.pop(next(iter(_frames)))
        _frames[key] = frame
    return frame
