"""The worker's hub (threads/live/hub.py): one channel-layer subscription per group, however many
sockets of the worker are on it; sockets register and unregister; audiences stay apart.

Through the real ASGI stack (WebsocketCommunicator), on whichever layer the settings give: the
in-memory one, or Redis with REDIS_URL."""

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer

from threads.core import actions, events
from threads.live import hub as hubs
from threads.live.consumers import LiveConsumer

from tests.live.test_live import T, connect, receive_event, subscribe

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.usefixtures("no_socket_cap")]

post = sync_to_async(lambda user, thread, body: actions.create_post(acting_user=user, thread=thread, body=body))


@pytest.fixture
def no_socket_cap():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def layer_calls(monkeypatch):
    """What the worker asks of the channel layer: (operation, group, channel)."""
    layer = get_channel_layer()
    calls = []
    for name in ("group_add", "group_discard"):
        real = getattr(layer, name)

        async def recorded(group, channel, real=real, name=name):
            calls.append((name, group, channel))
            return await real(group, channel)

        monkeypatch.setattr(layer, name, recorded)
    return calls


@pytest.fixture
def delivered(monkeypatch):
    """Every message the hub hands to a socket: (the socket's person or None, message)."""
    seen = []
    real = LiveConsumer.hub_deliver

    def recorded(self, message):
        seen.append((self.user_id, message))
        return real(self, message)

    monkeypatch.setattr(LiveConsumer, "hub_deliver", recorded)
    return seen


async def ping(socket):
    """A round trip: whatever the socket was sent before has been handled."""
    await socket.send_json_to({"type": "ping"})
    assert (await socket.receive_json_from(timeout=T))["type"] == "pong"


async def test_two_sockets_on_one_group_share_one_subscription_and_each_get_the_event_once(public_thread, alice, layer_calls):
    group = events.group_name(public_thread.stream, "visitor", "en")
    first, second = await connect(), await connect()
    for socket in (first, second):
        assert (await subscribe(socket, public_thread.stream, lang="en"))[-1]["type"] == "subscribed"
    channels = {channel for op, name, channel in layer_calls if op == "group_add" and name == group}
    assert len(channels) == 1  # one channel on the layer for both sockets (the second join refreshes it)
    assert len(hubs.hub().members(group)) == 2

    await post(alice, public_thread, "Once for each of you")
    for socket in (first, second):
        frame = await receive_event(socket)
        assert frame["event"] == "post.created" and "Once for each of you" in frame["html"]
        assert await socket.receive_nothing(timeout=0.2)  # not twice
    for socket in (first, second):
        await socket.disconnect(timeout=T)


async def test_a_socket_leaving_unregisters_and_the_last_one_unsubscribes(public_thread, alice, layer_calls):
    group = events.group_name(public_thread.stream, "visitor", "en")
    first, second = await connect(), await connect()
    for socket in (first, second):
        await subscribe(socket, public_thread.stream, lang="en")
    hub = hubs.hub()
    assert len(hub.members(group)) == 2

    await first.disconnect(timeout=T)
    assert len(hub.members(group)) == 1
    assert not [call for call in layer_calls if call[0] == "group_discard"]  # the other socket still listens
    await post(alice, public_thread, "Still reaches the one left")
    assert "Still reaches the one left" in (await receive_event(second))["html"]

    await second.send_json_to({"type": "unsubscribe", "stream": public_thread.stream})
    await ping(second)
    assert hub.members(group) == set() and group not in hub.groups
    (channel,) = {channel for op, name, channel in layer_calls if op == "group_add" and name == group}
    assert ("group_discard", group, channel) in layer_calls  # the worker left the group on the layer
    await post(alice, public_thread, "Nobody here")
    assert await second.receive_nothing(timeout=0.2)
    await second.disconnect(timeout=T)


async def test_members_only_events_never_reach_a_readers_socket(area, alice, bob, dave, delivered):
    reader, member = await connect(dave), await connect(bob)
    for socket in (reader, member):
        await subscribe(socket, "home", lang="en")
    hub = hubs.hub()
    (reader_consumer,) = hub.members(events.group_name("home", "visitor", "en"))
    (member_consumer,) = hub.members(events.group_name("home", "member", "en"))
    assert reader_consumer.user_id == dave.pk and member_consumer.user_id == bob.pk

    secret = await sync_to_async(actions.create_thread)(
        acting_user=alice, title="Comrades only", body="Not for readers", areas=[area], visibility="members"
    )
    frame = await receive_event(member)
    assert frame["event"] == "thread.created" and "Comrades only" in frame["html"]
    assert await reader.receive_nothing(timeout=0.2)
    to_reader = [message for user, message in delivered if user == dave.pk]
    assert to_reader and all(message["type"] == "live.skip" for message in to_reader)  # a number, nothing else
    assert not any("html" in message or "data" in message for message in to_reader)
    assert not any(str(secret.pk) in repr(message) or "Comrades" in repr(message) for message in to_reader)
    for socket in (reader, member):
        await socket.disconnect(timeout=T)
