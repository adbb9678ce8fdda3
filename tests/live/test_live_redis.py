"""Two ASGI workers on the Redis channel layer: a post made through worker A reaches a socket on B."""

import asyncio
import http.cookiejar
import json
import os
import re
import tempfile
import urllib.parse
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.browser_support import free_port, prepare_database, server_env, start_daphne, stop, wait_for_http

pytestmark = pytest.mark.redis

REDIS_URL = os.environ.get("REDIS_URL", "")
T = 30  # seconds: the longest any await may take (a busy 2-core CI)


def redis_answers(url: str) -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except Exception:  # noqa: BLE001
        return False


@contextmanager
def shared_database():
    """A database both workers use: a fresh PostgreSQL database when DATABASE_URL is PostgreSQL,
    else a temporary SQLite file."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        name = f"hamgami_live_{uuid.uuid4().hex[:10]}"
        parts = urllib.parse.urlsplit(url)
        admin = parts._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        try:
            yield parts._replace(path=f"/{name}").geturl()
        finally:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        with tempfile.TemporaryDirectory(prefix="hamgami-redis-") as tmp:
            yield f"sqlite:///{tmp}/db.sqlite3"


@pytest.fixture(scope="module")
def two_workers():
    if not REDIS_URL:
        pytest.skip("needs REDIS_URL: the two-worker test runs on the Redis channel layer")
    if not redis_answers(REDIS_URL):
        pytest.skip(f"Redis at {REDIS_URL} does not answer")
    with shared_database() as database_url, tempfile.TemporaryDirectory(prefix="hamgami-workers-") as logs:
        env = server_env(database_url, REDIS_URL)
        # Own prefixes, so nothing else on this Redis talks to these workers.
        env["CHANNEL_PREFIX"] = env["CACHE_PREFIX"] = f"hamgami-test-{uuid.uuid4().hex[:8]}"
        setup = prepare_database(env)
        ports = free_port(), free_port()
        processes = [start_daphne(env, port, Path(logs) / f"worker{i}.log") for i, port in enumerate(ports)]
        try:
            for port, process in zip(ports, processes, strict=True):
                wait_for_http(f"http://127.0.0.1:{port}/healthz", process=process)
            yield {"ports": ports, **setup}
        finally:
            for process in processes:
                stop(process)


def post_through_form(port: int, thread_url: str, session: str, body: str) -> int:
    """Reply as a signed-in person through worker A's ordinary form; returns the HTTP status."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://127.0.0.1:{port}"
    jar.set_cookie(
        http.cookiejar.Cookie(0, "sessionid", session, None, False, "127.0.0.1", False, False, "/", True,
                              False, None, False, None, None, {})  # fmt: skip
    )
    page = opener.open(base + thread_url, timeout=T).read().decode()
    form = re.search(r'<form method="post" action="([^"]+)" class="post-form"', page)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page[form.start() :])
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), "body": body}).encode()
    request = urllib.request.Request(base + form.group(1), data=data, headers={"Referer": base + thread_url})
    return opener.open(request, timeout=T).status


async def test_a_post_through_worker_a_reaches_a_socket_on_worker_b(two_workers):
    from websockets.asyncio.client import connect

    port_a, port_b = two_workers["ports"]
    thread_url = two_workers["thread"]
    stream = "thread:" + re.search(r"/threads/(\d+)", thread_url).group(1)
    origin = f"http://127.0.0.1:{port_b}"
    async with connect(f"ws://127.0.0.1:{port_b}/ws/", origin=origin, open_timeout=T) as socket:
        await socket.send(json.dumps({"type": "subscribe", "stream": stream, "lang": "en"}))
        subscribed = json.loads(await asyncio.wait_for(socket.recv(), T))
        assert subscribed["type"] == "subscribed"
        status = await asyncio.to_thread(
            post_through_form, port_a, thread_url, two_workers["sessions"]["alice"], "Across workers"
        )
        assert status == 200  # after the redirect to the thread page
        frame = json.loads(await asyncio.wait_for(socket.recv(), T))
        assert frame["type"] == "event" and frame["event"] == "post.created"
        assert frame["stream"] == stream and frame["seq"] == subscribed["seq"] + 1
        assert "Across workers" in frame["html"]


async def test_a_socket_reconnecting_to_the_other_worker_catches_up(two_workers):
    from websockets.asyncio.client import connect

    port_a, port_b = two_workers["ports"]
    thread_url = two_workers["thread"]
    stream = "thread:" + re.search(r"/threads/(\d+)", thread_url).group(1)
    async with connect(f"ws://127.0.0.1:{port_a}/ws/", origin=f"http://127.0.0.1:{port_a}", open_timeout=T) as ws:
        await ws.send(json.dumps({"type": "subscribe", "stream": stream}))
        since = json.loads(await asyncio.wait_for(ws.recv(), T))["seq"]
    for n in range(2):  # while the page is offline
        await asyncio.to_thread(post_through_form, port_a, thread_url, two_workers["sessions"]["bob"], f"missed {n}")
    async with connect(f"ws://127.0.0.1:{port_b}/ws/", origin=f"http://127.0.0.1:{port_b}", open_timeout=T) as ws:
        await ws.send(json.dumps({"type": "subscribe", "stream": stream, "since": since}))
        frames = [json.loads(await asyncio.wait_for(ws.recv(), T)) for _ in range(3)]
    # Each post also moves the thread row; only the thread stream is subscribed here.
    assert [f["type"] for f in frames] == ["event", "event", "subscribed"]
    assert [f["seq"] for f in frames[:2]] == [since + 1, since + 2]
