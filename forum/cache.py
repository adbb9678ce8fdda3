"""The shared cache (Redis) made fail-soft: when Redis does not answer, the site keeps working.

- A read that fails is a miss; a write that fails is dropped (pages render afresh, counts are
  recomputed from the database).
- Rate limits never fail open: keys that count attempts (`FALLBACK_PREFIXES`: allauth's login,
  signup and reset limits, new accounts' posts, flags) go to a per-process in-memory window while
  Redis is away, so each web process keeps limiting on its own.
- After a failure Redis is not asked again for `RETRY_SECONDS` (a request never waits on a dead
  server twice in a row), then the next operation tries it again.
- Each process logs "unavailable" at most once a minute, and once "available again".

Configured in forum/settings.py when REDIS_URL is set; the in-process default cache needs none of it.
"""

import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger("forum.cache")

RETRY_SECONDS = 5
LOG_EVERY_SECONDS = 60
FALLBACK_PREFIXES = ("allauth:rl:", "hamgami:new-account-posts:", "moderation:flags:")
MISSING = object()


class FailSoftRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._fallback = LocMemCache(f"failsoft-{id(self)}", {"TIMEOUT": params.get("TIMEOUT", 300), "OPTIONS": {"MAX_ENTRIES": 10000}})
        self._lock = threading.Lock()
        self._down_until = 0.0
        self._logged_at = 0.0
        self._down = False

    # --- state ---------------------------------------------------------------------------------

    @property
    def is_down(self) -> bool:
        return self._down

    def _failed(self, operation: str, error: BaseException) -> None:
        now = time.monotonic()
        with self._lock:
            self._down, self._down_until = True, now + RETRY_SECONDS
            if now - self._logged_at < LOG_EVERY_SECONDS and self._logged_at:
                return
            self._logged_at = now
        log.error("cache: Redis unavailable (%s: %s); reads are misses, writes are dropped, rate limits count in this process", operation, error)

    def _answered(self) -> None:
        if self._down:
            with self._lock:
                was_down, self._down = self._down, False
            if was_down:
                log.warning("cache: Redis available again")

    def _skip(self) -> bool:
        return self._down and time.monotonic() < self._down_until

    @staticmethod
    def _local(key) -> bool:
        return isinstance(key, str) and key.startswith(FALLBACK_PREFIXES)

    def _call(self, operation: str, redis_call, fallback_call):
        if not self._skip():
            try:
                result = redis_call()
            except (RedisError, OSError) as error:  # the server, not the call: "not now"
                self._failed(operation, error)
            else:
                self._answered()
                return result
        return fallback_call()

    # --- operations ------------------------------------------------------------------------------

    def get(self, key, default=None, version=None):
        fallback = (lambda: self._fallback.get(key, default, version)) if self._local(key) else (lambda: default)
        return self._call("get", lambda: super(FailSoftRedisCache, self).get(key, default, version), fallback)

    def get_many(self, keys, version=None):
        keys = list(keys)
        local = [k for k in keys if self._local(k)]
        return self._call(
            "get_many", lambda: super(FailSoftRedisCache, self).get_many(keys, version), lambda: self._fallback.get_many(local, version)
        )

    def set(self, key, value, timeout=MISSING, version=None):
        args = (key, value) if timeout is MISSING else (key, value, timeout)
        fallback = (lambda: self._fallback.set(*args, version=version)) if self._local(key) else (lambda: None)
        return self._call("set", lambda: super(FailSoftRedisCache, self).set(*args, version=version), fallback)

    def add(self, key, value, timeout=MISSING, version=None):
        args = (key, value) if timeout is MISSING else (key, value, timeout)
        fallback = (lambda: self._fallback.add(*args, version=version)) if self._local(key) else (lambda: False)
        return self._call("add", lambda: super(FailSoftRedisCache, self).add(*args, version=version), fallback)

    def set_many(self, data, timeout=MISSING, version=None):
        args = (data,) if timeout is MISSING else (data, timeout)
        return self._call("set_many", lambda: super(FailSoftRedisCache, self).set_many(*args, version=version), lambda: list(data))

    def touch(self, key, timeout=MISSING, version=None):
        args = (key,) if timeout is MISSING else (key, timeout)
        return self._call("touch", lambda: super(FailSoftRedisCache, self).touch(*args, version=version), lambda: False)

    def delete(self, key, version=None):
        if self._local(key):
            self._fallback.delete(key, version)
        return self._call("delete", lambda: super(FailSoftRedisCache, self).delete(key, version), lambda: False)

    def delete_many(self, keys, version=None):
        keys = list(keys)
        self._fallback.delete_many([k for k in keys if self._local(k)], version)
        return self._call("delete_many", lambda: super(FailSoftRedisCache, self).delete_many(keys, version), lambda: None)

    def has_key(self, key, version=None):
        fallback = (lambda: self._fallback.has_key(key, version)) if self._local(key) else (lambda: False)
        return self._call("has_key", lambda: super(FailSoftRedisCache, self).has_key(key, version), fallback)

    def incr(self, key, delta=1, version=None):
        def fallback():
            if self._local(key):
                return self._fallback.incr(key, delta, version)
            raise ValueError(f"Key '{key}' not found (cache unavailable)")  # what a missing key does

        return self._call("incr", lambda: super(FailSoftRedisCache, self).incr(key, delta, version), fallback)

    def decr(self, key, delta=1, version=None):
        return self.incr(key, -delta, version)

    def clear(self):
        self._fallback.clear()
        return self._call("clear", lambda: super(FailSoftRedisCache, self).clear(), lambda: False)

    def ping(self) -> bool:
        """Whether Redis answers now (for /healthz); never raises."""
        try:
            self._cache.get_client(write=True).ping()
        except Exception as error:  # noqa: BLE001
            self._failed("ping", error)
            return False
        self._answered()
        return True
