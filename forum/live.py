"""Messages to one person's open sockets, whatever page they are on (close on logout, access changed),
and the worker's event loop, on which the channel layer is spoken to.

Below accounts and threads alike: accounts ends sessions, threads changes access; both tell the
sockets through here. Thread streams and their replayable events are threads.core.events."""

import asyncio
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

log = logging.getLogger("threads.core.events")

SEND_TIMEOUT = 10  # seconds a publishing thread waits for the worker's loop to hand messages to the layer

_worker_loop: list[asyncio.AbstractEventLoop | None] = [None]


def remember_worker_loop() -> None:
    """Called on the worker's event loop (forum/asgi.py, for every connection): where the sockets
    and the channel layer's connections live."""
    _worker_loop[0] = asyncio.get_running_loop()


def run_on_worker_loop(make_coroutine) -> None:
    """Run `make_coroutine()` on the worker's event loop and wait for it, from a thread (a request's,
    or the fan-out thread): one hop for a whole batch of layer calls, on the loop whose layer
    connections and sockets they concern. Without a running worker loop (a script, the shell, a
    test without sockets) it runs through async_to_sync as before. Exceptions reach the caller."""
    loop = _worker_loop[0]
    if loop is None or loop.is_closed() or not loop.is_running():
        async_to_sync(make_coroutine)()
        return
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    if running is loop:  # called on the loop itself (cannot block it): sent as soon as it is free
        loop.create_task(make_coroutine())
        return
    asyncio.run_coroutine_threadsafe(make_coroutine(), loop).result(SEND_TIMEOUT)


def user_group(user_id) -> str:
    return f"user.{user_id}"


def send_to_user(user_id, message: dict) -> None:
    """A control message to every open socket of one person (e.g. close on logout)."""
    layer = get_channel_layer()
    if layer is None:
        return

    async def send():
        await layer.group_send(user_group(user_id), message)

    try:
        run_on_worker_loop(send)
    except Exception:  # noqa: BLE001
        log.exception("live: could not reach the sockets of user %s", user_id)
