"""The Redis cache shares one connection pool per worker process (issue 16, forum/redis_pool.py).

Under ASGI Django makes a cache backend per request context; without a shared pool each one
opened its own connection to Redis."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.core.cache.backends.redis import RedisCache

from forum.redis_pool import SharedConnectionPool

LOCATION = "redis://127.0.0.1:6379/4"
ROOT = Path(__file__).resolve().parent.parent.parent
OPTIONS = {"pool_class": "forum.redis_pool.SharedConnectionPool"}


def backend():
    return RedisCache(LOCATION, {"OPTIONS": OPTIONS, "KEY_PREFIX": "pool-test"})


def test_backends_made_per_request_share_one_pool():
    first, second = backend(), backend()  # what two requests' contexts get from the cache handler
    assert first is not second and first._cache is not second._cache
    pool = first._cache._get_connection_pool(write=True)
    assert pool is second._cache._get_connection_pool(write=True)
    assert pool is second._cache._get_connection_pool(write=False)  # one server: reads use it too


def test_a_different_address_gets_its_own_pool():
    other = RedisCache("redis://127.0.0.1:6379/5", {"OPTIONS": OPTIONS})
    assert other._cache._get_connection_pool(write=True) is not backend()._cache._get_connection_pool(write=True)


def test_production_settings_use_it():
    """With REDIS_URL set (production), the cache is Redis through the shared pool."""
    env = {**os.environ, "DEBUG": "1", "REDIS_URL": LOCATION}
    out = subprocess.run(
        [sys.executable, "-c", "import json; from forum import settings; print(json.dumps(settings.CACHES['default']))"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    ).stdout
    cache = json.loads(out.strip().splitlines()[-1])
    assert cache["BACKEND"] == "forum.cache.FailSoftRedisCache"  # a Redis that is down is a miss (issue 17)
    assert cache["OPTIONS"]["pool_class"] == "forum.redis_pool.SharedConnectionPool"
    assert SharedConnectionPool.from_url(LOCATION) is SharedConnectionPool.from_url(LOCATION)
