"""Redis down with the production cache and channel layer (issue 17): every page and form keeps
working, rate limits keep limiting, /healthz answers 503 naming Redis, and the cache logs its
failure once, not per request. The test starts and stops a Redis of its own on a free port."""

import logging
import shutil
import socket
import subprocess
import tempfile
import time

import pytest
import redis
from asgiref.sync import sync_to_async
from channels.layers import channel_layers
from channels.testing import WebsocketCommunicator
from django.core.cache import cache
from django.test import Client

from forum.asgi import application
from tests.conftest import PASSWORD
from tests.live.test_live import ORIGIN, connect, receive_event, session_cookie, subscribe
from threads.core import actions
from threads.models import Post, StreamEvent

pytestmark = pytest.mark.django_db

T = 30  # seconds: the longest a start or stop may take (a busy 2-core CI)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OwnRedis:
    """A redis-server of the test's own, started and stopped on one port."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.dir = tempfile.mkdtemp(prefix="hamgami-redis-")
        self.process = None

    def answers(self) -> bool:
        try:
            return bool(redis.Redis.from_url(self.url, socket_connect_timeout=0.5).ping())
        except redis.RedisError:
            return False

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", self.dir],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + T
        while not self.answers():
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=T)
            self.process = None
        assert not self.answers()


@pytest.fixture
def own_redis(settings):
    if shutil.which("redis-server") is None:
        pytest.skip("needs redis-server (apt-get install redis-server): the test starts and stops a Redis of its own")
    server = OwnRedis()
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "forum.cache.FailSoftRedisCache",
            "LOCATION": server.url,
            "KEY_PREFIX": "test",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [server.url]}}
    }
    settings.HAMGAMI = {**settings.HAMGAMI, "PAGE_CACHE_SECONDS": 60}
    channel_layers.backends.clear()
    yield server
    server.stop()
    shutil.rmtree(server.dir, ignore_errors=True)
    channel_layers.backends.clear()


def sign_in(username: str) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"login": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def test_the_site_keeps_working_while_redis_is_down(own_redis, alice, mona, public_thread, caplog, django_capture_on_commit_callbacks):
    url = public_thread.get_absolute_url()
    assert Client().get(url)["X-Page-Cache"] == "miss"
    assert Client().get(url)["X-Page-Cache"] == "hit"  # Redis works: the visitor's page is kept there
    own_redis.stop()
    caplog.set_level(logging.INFO)

    visitor = Client()
    assert visitor.get("/accounts/login/").status_code == 200
    assert visitor.get(url).status_code == 200 and visitor.get(url).get("X-Page-Cache") != "hit"
    assert visitor.get("/").status_code == 200

    member = sign_in("alice")
    assert member.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = member.post(f"/threads/{public_thread.pk}/reply/", {"body": "Written while Redis is away"})
    assert response.status_code == 302
    reply = Post.objects.get(body_source="Written while Redis is away")
    assert StreamEvent.objects.filter(stream=public_thread.stream, payload__has_key="_data").exists()  # kept for catch-up

    moderator = Client()
    moderator.force_login(mona)
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator.post(f"/moderation/posts/{reply.pk}/", {"do": "hide", "reason": "Testing while Redis is down"})
    assert response.status_code == 302
    reply.refresh_from_db()
    assert not reply.is_visible

    health = Client().get("/healthz")
    assert health.status_code == 503 and health.json()["redis"] is False

    failures = [r for r in caplog.records if r.name == "forum.cache" and r.levelno >= logging.ERROR]
    assert len(failures) == 1, [r.getMessage() for r in failures]  # once, not per request
    layer = [r for r in caplog.records if r.name == "threads.live" and r.levelno >= logging.ERROR]
    assert len(layer) <= 1 and not any(r.name == "threads.core.events" for r in caplog.records)  # no traceback per event

    own_redis.start()  # /healthz pings Redis at once; other operations try it again after RETRY_SECONDS
    health = Client().get("/healthz")
    assert health.status_code == 200, health.json()
    assert health.json()["redis"] is True


def test_login_rate_limit_holds_while_redis_is_down(own_redis, alice):
    own_redis.stop()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for _attempt in range(5):
        response = client.post("/accounts/login/", {"login": "alice", "password": "wrong"})
        assert response.status_code == 400 and "_auth_user_id" not in client.session
    refused = client.post("/accounts/login/", {"login": "alice", "password": PASSWORD})
    assert refused.status_code in (400, 429) and "_auth_user_id" not in client.session  # limited, not signed in
    assert "too many" in refused.content.decode().lower() or refused.status_code == 429


def test_a_read_is_a_miss_and_a_write_is_dropped(own_redis):
    cache.set("k", "v")
    assert cache.get("k") == "v"
    own_redis.stop()
    assert cache.get("k", "default") == "default"
    assert cache.set("k", "w") is None and cache.add("other", 1) is False
    assert cache.get_many(["k"]) == {}
    with pytest.raises(ValueError):
        cache.incr("counter")  # as for a missing key: callers already handle it
    assert cache.add("allauth:rl:x", 1) and cache.incr("allauth:rl:x") == 2  # rate limits count in-process


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
async def test_a_page_catches_up_when_redis_returns(own_redis, alice, public_thread):
    write = sync_to_async(lambda body: actions.create_post(acting_user=alice, thread=public_thread, body=body))
    socket = await connect()
    seq = (await subscribe(socket, public_thread.stream))[-1]["seq"]
    await socket.disconnect(timeout=T)
    await sync_to_async(own_redis.stop)()
    for n in (1, 2):
        await write(f"Written while Redis is away, {n}")  # stands; its event is kept for catch-up
    await sync_to_async(own_redis.start)()
    socket = await connect()
    frames = await subscribe(socket, public_thread.stream, since=seq)
    replayed = [f for f in frames if f["type"] == "event"]
    assert [f["seq"] for f in replayed] == [seq + 1, seq + 2]  # nothing lost, nothing doubled
    assert "away, 1" in replayed[0]["html"] and "away, 2" in replayed[1]["html"]
    await write("After Redis returned")
    live = await receive_event(socket)
    assert live["seq"] == seq + 3 and "After Redis returned" in live["html"]
    await socket.disconnect(timeout=T)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
async def test_a_socket_opened_while_redis_is_down_is_closed_for_a_retry(own_redis, public_thread, alice):
    await sync_to_async(own_redis.stop)()
    visitor = await connect()
    await visitor.send_json_to({"type": "subscribe", "stream": public_thread.stream})
    output = await visitor.receive_output(timeout=T)
    assert output == {"type": "websocket.close", "code": 1013}  # the page says "paused" and retries
    member = WebsocketCommunicator(application, "/ws/", headers=[ORIGIN, await sync_to_async(session_cookie)(alice)])
    connected, code = await member.connect(timeout=T)
    assert not connected or code == 1013 or (await member.receive_output(timeout=T))["code"] == 1013


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
async def test_sockets_listening_when_redis_goes_away_are_closed_for_a_retry(own_redis, public_thread, alice):
    """The worker's hub listens for both sockets (one subscription); when Redis goes, both close with
    1013 and the page retries, and a socket opened after Redis returns gets events again."""
    first, second = await connect(), await connect()
    for socket in (first, second):
        assert (await subscribe(socket, public_thread.stream))[-1]["type"] == "subscribed"
    await sync_to_async(own_redis.stop)()
    for socket in (first, second):
        output = await socket.receive_output(timeout=T)
        assert output == {"type": "websocket.close", "code": 1013}
    await sync_to_async(own_redis.start)()
    socket = await connect()
    seq = (await subscribe(socket, public_thread.stream))[-1]["seq"]
    await sync_to_async(lambda: actions.create_post(acting_user=alice, thread=public_thread, body="Back"))()
    frame = await receive_event(socket)
    assert frame["seq"] == seq + 1 and "Back" in frame["html"]
    await socket.disconnect(timeout=T)
