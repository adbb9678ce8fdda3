"""One Redis connection pool per worker process for Django's cache (issue 16).

Under ASGI, Django's cache handler keeps its backends per request context, so the Redis cache
made a new client, a new connection pool and a new TCP connection (with its handshake) for every
request. Given as the cache's OPTIONS["pool_class"], this class hands every client the same pool
for the same address and options: connections are opened once per worker and reused. redis-py's
pools are thread-safe and reset themselves in a forked child (they check the pid).
"""

import threading

import redis

_pools: dict[tuple, redis.ConnectionPool] = {}
_lock = threading.Lock()


class SharedConnectionPool(redis.ConnectionPool):
    @classmethod
    def from_url(cls, url, **kwargs):
        key = (url, tuple(sorted((name, repr(value)) for name, value in kwargs.items() if name != "driver_info")))
        pool = _pools.get(key)
        if pool is None:
            with _lock:
                pool = _pools.get(key)
                if pool is None:
                    pool = _pools[key] = redis.ConnectionPool.from_url(url, **kwargs)
        return pool


def shared_pools() -> int:
    """How many pools this process holds (one per Redis address and options): for tests."""
    return len(_pools)
