"""The scaled-out deployment (deploy/, docs/deploy.md): two uvicorn workers with production settings
(DEBUG=0, manifest static files, pooled PostgreSQL connections, Redis cache and channel layer).
A post made through worker A is seen live on a socket held by worker B, both serve the pages and
the fingerprinted static files, and a visitor's kept page on one worker is dropped by a post on the
other (the page cache lives in Redis, not in a worker).
"""

import asyncio
import json
import os
import re
import secrets
import subprocess
import tempfile
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.browser_support import ROOT, free_port, prepare_database, stop, wait_for_http
from tests.live.test_live_redis import T, post_through_form, redis_answers, shared_database

pytestmark = pytest.mark.redis

DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")


def start_uvicorn(env: dict, port: int, log_path: Path) -> subprocess.Popen:
    """As deploy/hamgami@.service starts one worker."""
    return subprocess.Popen(
        [str(ROOT / ".venv/bin/uvicorn"), "forum.asgi:application", "--host", "127.0.0.1", "--port", str(port),
         "--no-access-log", "--lifespan", "off", "--ws", "websockets-sansio", "--ws-per-message-deflate", "false"],
        cwd=ROOT, env=env, stdout=open(log_path, "ab"), stderr=subprocess.STDOUT,  # noqa: SIM115
    )


@pytest.fixture(scope="module")
def deployment():
    if not DATABASE_URL.startswith(("postgres://", "postgresql://")):
        pytest.skip("the deployment test needs DATABASE_URL pointing at PostgreSQL (the scaled-out setup)")
    if not REDIS_URL:
        pytest.skip("the deployment test needs REDIS_URL (the Redis channel layer and cache)")
    if not redis_answers(REDIS_URL):
        pytest.skip(f"Redis at {REDIS_URL} does not answer")
    if not (ROOT / ".venv/bin/uvicorn").exists():
        pytest.skip("uvicorn is not installed in .venv (pip install -e .)")
    with shared_database() as database_url, tempfile.TemporaryDirectory(prefix="hamgami-deploy-") as logs:
        prefix = f"hamgami-deploy-{uuid.uuid4().hex[:8]}"
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
        env.update({"DATABASE_URL": database_url, "REDIS_URL": REDIS_URL, "DEBUG": "1", "HTTPS": "0",
                    "SECRET_KEY": secrets.token_urlsafe(50),  # the same for the sessions made here and the workers
                    "PYTHONUNBUFFERED": "1", "CHANNEL_PREFIX": prefix, "CACHE_PREFIX": prefix})
        setup = prepare_database(env)  # migrate and the named people (with DEBUG=1, as seed data)
        production = {**env, "DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1",
                      "DB_POOL": "1", "PAGE_CACHE_SECONDS": "60", "LOG_LEVEL": "WARNING"}
        subprocess.run([str(ROOT / ".venv/bin/python"), "manage.py", "collectstatic", "--noinput", "-v", "0"],
                       cwd=ROOT, env=production, check=True)
        ports = free_port(), free_port()
        processes = [start_uvicorn(production, port, Path(logs) / f"w{i}.log") for i, port in enumerate(ports)]
        try:
            for port, process in zip(ports, processes, strict=True):
                wait_for_http(f"http://127.0.0.1:{port}/healthz", process=process)
            yield {"ports": ports, **setup}
        finally:
            for process in processes:
                stop(process)


def get(url: str):
    with urllib.request.urlopen(url, timeout=T) as response:
        return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read().decode(errors="replace")


def test_both_workers_serve_pages_health_and_fingerprinted_static_files(deployment):
    for port in deployment["ports"]:
        base = f"http://127.0.0.1:{port}"
        status, _headers, body = get(base + "/healthz")
        health = json.loads(body)
        assert status == 200 and health["ok"] and health["database"] and health["channel_layer"]
        status, _headers, page = get(base + deployment["thread"])
        assert status == 200 and "Opening post" in page
        css = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page)
        assert css, "the stylesheet is linked by its fingerprinted name"
        status, headers, _body = get(base + css.group(1))
        assert status == 200 and "immutable" in headers.get("cache-control", "")


async def test_a_post_through_worker_a_is_seen_live_and_on_the_page_of_worker_b(deployment):
    from websockets.asyncio.client import connect

    port_a, port_b = deployment["ports"]
    thread_url = deployment["thread"]
    stream = "thread:" + re.search(r"/threads/(\d+)", thread_url).group(1)
    page_b = f"http://127.0.0.1:{port_b}{thread_url}"
    get(page_b)  # a visitor's render is kept (in Redis) …
    assert get(page_b)[1].get("x-page-cache") == "hit"
    async with connect(f"ws://127.0.0.1:{port_b}/ws/", origin=f"http://127.0.0.1:{port_b}", open_timeout=T) as ws:
        await ws.send(json.dumps({"type": "subscribe", "stream": stream, "lang": "en"}))
        subscribed = json.loads(await asyncio.wait_for(ws.recv(), T))
        assert subscribed["type"] == "subscribed"
        status = await asyncio.to_thread(
            post_through_form, port_a, thread_url, deployment["sessions"]["alice"], "Through the deployment"
        )
        assert status == 200
        frame = json.loads(await asyncio.wait_for(ws.recv(), T))
        assert frame["type"] == "event" and frame["event"] == "post.created"
        assert "Through the deployment" in frame["html"]
    # … and dropped by the post made through the other worker.
    status, headers, page = get(page_b)
    assert status == 200 and headers.get("x-page-cache") == "miss" and "Through the deployment" in page
