"""What a channel layer that is down looks like to the live machinery (issue 17).

A socket whose layer (Redis) does not answer is closed with 1013 ("try again later"): the page
says live updates are paused and reconnects with backoff, then catches up from its last `seq`
(events are stored in the database whatever the layer does). Logged once a minute per process,
not per socket.
"""

import logging
import time

from redis.exceptions import RedisError

log = logging.getLogger("threads.live")

LAYER_ERRORS = (RedisError, OSError)
LOG_EVERY_SECONDS = 60
_last_logged = [0.0]


def log_down(error: BaseException) -> None:
    now = time.monotonic()
    if not _last_logged[0] or now - _last_logged[0] >= LOG_EVERY_SECONDS:
        _last_logged[0] = now
        log.error("live: channel layer unavailable (%s: %s); sockets are closed with 1013 and retry", type(error).__name__, error)
