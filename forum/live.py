"""Messages to one person's open sockets, whatever page they are on (close on logout, access changed).

Below accounts and threads alike: accounts ends sessions, threads changes access; both tell the
sockets through here. Thread streams and their replayable events are threads.core.events."""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

log = logging.getLogger("threads.core.events")


def user_group(user_id) -> str:
    return f"user.{user_id}"


def send_to_user(user_id, message: dict) -> None:
    """A control message to every open socket of one person (e.g. close on logout)."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(user_group(user_id), message)
    except Exception:  # noqa: BLE001
        log.exception("live: could not reach the sockets of user %s", user_id)
