"""One channel-layer subscription per group and worker, fanned out to the worker's sockets (issue 16).

Without the hub every socket had its own channel on the layer and joined each group itself, so
one event became one layer message per socket: on the in-memory layer a deep copy and a task per
socket (and a sweep of every channel on each receive), on Redis one message per socket through
Redis and back. Now a worker process subscribes once per group (`live.<stream>.<audience>.<language>`,
`user.<id>`) whatever the number of its sockets on it, and hands each message it receives to the
local sockets that registered for the group: a put into each socket's inbox, no copy, no I/O.

A socket still handles one message at a time (its inbox is one of the sources Channels dispatches
from, with the websocket itself), so the consumer's ordering, replay and gap-filling rules are
unchanged (threads/live/consumers.py). The group is joined (or its membership refreshed) before
`join` returns, so "join first, then read the log" still leaves nothing between the two.

Who sees what is unchanged too: a socket registers only for its own audience's group, and the
hub gives a message only to the sockets registered for the group it came from.

If the layer fails while listening (Redis down), every socket on the group is told and closes
with 1013; the group's entry is dropped, so the next join subscribes afresh.
"""

import asyncio
import logging
import weakref
from dataclasses import dataclass, field

from channels.layers import get_channel_layer

from threads.core import live_layer

log = logging.getLogger(__name__)


@dataclass(eq=False)
class Group:
    name: str
    members: set = field(default_factory=set)
    channel: str | None = None
    ready: asyncio.Future | None = None
    task: asyncio.Task | None = None


class Hub:
    """The groups of one event loop (one worker process) on one channel layer."""

    def __init__(self, layer):
        self.layer = layer
        self.groups: dict[str, Group] = {}

    def members(self, group: str) -> set:
        entry = self.groups.get(group)
        return set(entry.members) if entry is not None else set()

    async def join(self, group: str, consumer) -> None:
        """Deliver the group's messages to `consumer` from now on. Raises the layer's error if the
        subscription cannot be made (the consumer closes with 1013)."""
        while True:
            entry = self.groups.get(group)
            if entry is None:
                await self._subscribe(group, consumer)
                return
            entry.members.add(consumer)
            try:
                await asyncio.shield(entry.ready)
                # Refresh the membership's age: layers expire a group membership after a day.
                await self.layer.group_add(group, entry.channel)
            except BaseException:
                entry.members.discard(consumer)
                raise
            if self.groups.get(group) is entry:
                return
            entry.members.discard(consumer)  # that subscription failed meanwhile: make a new one

    async def _subscribe(self, group: str, consumer) -> None:
        entry = Group(name=group, ready=asyncio.get_running_loop().create_future())
        self.groups[group] = entry
        entry.members.add(consumer)
        try:
            entry.channel = await self.layer.new_channel()
            await self.layer.group_add(group, entry.channel)
        except BaseException as error:
            if self.groups.get(group) is entry:
                del self.groups[group]
            if not isinstance(error, Exception):  # the first socket went away meanwhile: the others retry later
                error = ConnectionError("the subscription was abandoned")
            entry.ready.set_exception(error)
            entry.ready.exception()  # retrieved: the other joiners get it through `await`
            raise
        entry.ready.set_result(None)
        if self.groups.get(group) is not entry:  # everyone left while the subscription was made
            await self._unsubscribe(entry)
            return
        entry.task = asyncio.get_running_loop().create_task(self._listen(entry))

    async def leave(self, group: str, consumer) -> None:
        entry = self.groups.get(group)
        if entry is None or consumer not in entry.members:
            return
        entry.members.discard(consumer)
        if entry.members:
            return
        del self.groups[group]  # a join from here on subscribes afresh
        if entry.task is not None:  # else the joiner still subscribing finds the entry gone and undoes it
            entry.task.cancel()
            await self._unsubscribe(entry)

    async def _unsubscribe(self, entry: Group) -> None:
        try:
            await self.layer.group_discard(entry.name, entry.channel)
        except live_layer.LAYER_ERRORS as error:  # the membership expires on its own
            live_layer.log_down(error)

    async def leave_all(self, consumer) -> None:
        for name, entry in list(self.groups.items()):
            if consumer in entry.members:
                await self.leave(name, consumer)

    async def _listen(self, entry: Group) -> None:
        while True:
            try:
                message = await self.layer.receive(entry.channel)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # noqa: BLE001 - the layer is down (or broken): the sockets retry
                if self.groups.get(entry.name) is entry:
                    del self.groups[entry.name]
                if isinstance(error, live_layer.LAYER_ERRORS):
                    live_layer.log_down(error)
                else:
                    log.exception("live: the hub stopped listening on %s", entry.name)
                for consumer in tuple(entry.members):
                    consumer.hub_failed()
                entry.members.clear()
                return
            for consumer in tuple(entry.members):
                consumer.hub_deliver(message)


_hubs: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Hub]" = weakref.WeakKeyDictionary()


def hub() -> Hub | None:
    """The running event loop's hub on the current channel layer (None without a layer)."""
    layer = get_channel_layer()
    if layer is None:
        return None
    loop = asyncio.get_running_loop()
    current = _hubs.get(loop)
    if current is None or current.layer is not layer:
        current = _hubs[loop] = Hub(layer)
    return current
