"""Live fan-out off the request (issue 16).

After a write commits, its live event is rendered for every audience and language, stored for
catch-up and sent to the channel layer (threads.core.events.publish_now). Done inline, the request that
posted waited for all of that (3 audiences x 2 languages of templates) before it could answer.

With HAMGAMI["LIVE_FANOUT"] = "thread" (the default without DEBUG) the work goes to one background
thread per worker process instead: the request returns as soon as its transaction has committed
and the anonymous page cache is dropped. One thread keeps the process's events in commit order
(events.publish_now numbers them under a row lock, so order across processes is the database's,
as before). Rendering still happens once per audience x language per event, never per socket.
"inline" (the default with DEBUG=1, so tests and the shell see events at once) runs it in place.
A failure is logged, never raised: the write stands and catch-up fills the gap.
"""

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from django.conf import settings
from django.db import close_old_connections

log = logging.getLogger(__name__)

_executor: ThreadPoolExecutor | None = None
_lock = threading.Lock()


def mode() -> str:
    return settings.HAMGAMI.get("LIVE_FANOUT", "inline")


def _pool() -> ThreadPoolExecutor:
    global _executor
    if _executor is None:
        with _lock:
            if _executor is None:
                _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="live-fanout")
    return _executor


def dispatch(job, *args) -> Future | None:
    """Run job(*args) now ("inline") or on the process's fan-out thread ("thread")."""
    if mode() != "thread":
        job(*args)
        return None
    return _pool().submit(_run, job, args)


def _run(job, args) -> None:
    try:
        job(*args)
    except Exception:  # noqa: BLE001 - the write has committed; catch-up delivers later
        log.exception("live: fan-out failed for %s", args[:2])
    finally:
        close_old_connections()  # the thread's database connection follows CONN_MAX_AGE / the pool


def drain(timeout: float = 30) -> None:
    """Wait until every event handed to the fan-out thread so far has been sent (for tests)."""
    if _executor is not None:
        _executor.submit(lambda: None).result(timeout)
