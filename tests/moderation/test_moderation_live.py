"""The review queue's live stream: moderators only; a flag reaches an open queue."""

import pytest
from asgiref.sync import sync_to_async

from tests.live.test_live import T, connect, subscribe
from threads.core import actions
from threads.moderation import actions as moderation

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _no_socket_cap():
    from django.core.cache import cache

    cache.clear()


async def test_a_flag_reaches_the_moderators_open_queue(public_thread, alice, bob, mona, dave):
    reply = await sync_to_async(actions.create_post)(acting_user=bob, thread=public_thread, body="Something sharp")
    queue = await connect(mona)
    frames = await subscribe(queue, "moderation")
    assert frames[-1]["type"] == "subscribed"
    for user in (None, dave, alice):  # visitors, readers and members may not listen
        socket = await connect(user)
        assert (await subscribe(socket, "moderation")) == [{"type": "error", "stream": "moderation", "code": "forbidden"}]
        await socket.disconnect(timeout=T)
    await sync_to_async(moderation.flag_post)(acting_user=alice, post=reply, kind="attack", note="too sharp")
    frame = await queue.receive_json_from(timeout=T)
    assert frame["type"] == "event" and frame["event"] == "post.flagged" and frame["stream"] == "moderation"
    assert f'id="queue-post-{reply.pk}"' in frame["html"] and "too sharp" in frame["html"]
    await sync_to_async(moderation.resolve_flags)(acting_user=mona, post=reply, uphold=False)
    frame = await queue.receive_json_from(timeout=T)
    assert frame["event"] == "post.resolved" and "queue-handled" in frame["html"]
    await queue.disconnect(timeout=T)


async def test_suspension_closes_the_persons_sockets(public_thread, bob, mona):
    socket = await connect(bob)
    await subscribe(socket, public_thread.stream)
    await sync_to_async(moderation.suspend_user)(acting_user=mona, user=bob, kind="suspend", days=1, reason="x")
    while True:
        output = await socket.receive_output(timeout=T)
        if output["type"] == "websocket.close":
            break
