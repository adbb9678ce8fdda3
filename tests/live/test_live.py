"""What reaches a live socket (protocol in docs/live.md), through the real ASGI stack."""

import json

from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client
from django.utils import timezone

from accounts import actions as account_actions
from accounts.models import Membership
from forum.asgi import application
from threads.moderation import actions as moderation_actions
from threads.core import actions
from threads.live import consumers
from threads.core import events
from threads.models import Post, StreamEvent

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ORIGIN = (b"origin", b"http://testserver")
T = 30  # seconds: the longest any await on a socket may take (a busy 2-core CI; absence is checked with short waits)


def session_cookie(user) -> tuple[bytes, bytes]:
    client = Client()
    client.force_login(user)
    return (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode())


async def connect(user=None, *, origin=ORIGIN, extra_headers=()):
    headers = [origin, *extra_headers]
    if user is not None:
        headers.append(await sync_to_async(session_cookie)(user))
    socket = WebsocketCommunicator(application, "/ws/", headers=headers)
    connected, _code = await socket.connect(timeout=T)
    assert connected
    return socket


async def subscribe(socket, stream, since=None, lang=None):
    message = {"type": "subscribe", "stream": stream}
    if since is not None:
        message["since"] = since
    if lang is not None:
        message["lang"] = lang
    await socket.send_json_to(message)
    frames = []
    while True:
        frame = await socket.receive_json_from(timeout=T)
        frames.append(frame)
        if frame["type"] in ("subscribed", "error"):
            return frames


async def receive_event(socket):
    frame = await socket.receive_json_from(timeout=T)
    assert frame["type"] == "event", frame
    return frame


async def receive_close(socket):
    """Frames until the close; returns (frames, close code)."""
    frames = []
    while True:
        output = await socket.receive_output(timeout=T)
        if output["type"] == "websocket.close":
            return frames, output.get("code")
        frames.append(json.loads(output["text"]))


post = sync_to_async(lambda user, thread, body: actions.create_post(acting_user=user, thread=thread, body=body))


@pytest.fixture
def no_socket_cap():
    """Tests share one cache; start every test with no sockets counted."""
    from django.core.cache import cache

    cache.clear()


pytestmark = [pytestmark, pytest.mark.usefixtures("no_socket_cap")]


# --- subscribe and authorization -------------------------------------------------------------


async def test_a_visitor_receives_a_new_post_on_a_public_thread(public_thread, alice):
    socket = await connect()
    frames = await subscribe(socket, public_thread.stream)
    assert frames[-1] == {"type": "subscribed", "stream": public_thread.stream, "seq": 0}
    reply = await post(alice, public_thread, "A live reply")
    frame = await receive_event(socket)
    assert frame["stream"] == public_thread.stream
    assert frame["seq"] == 1
    assert frame["event"] == "post.created"
    assert f'id="post-{reply.pk}"' in frame["html"] and "A live reply" in frame["html"]
    assert frame["data"]["post"] == reply.pk
    assert 'class="edit-link"' not in frame["html"]  # rendered for the visitor audience
    assert await socket.receive_nothing(timeout=0.1)
    await socket.disconnect(timeout=T)


async def test_refused_and_missing_streams_get_the_same_answer(members_thread, dave):
    for user in (None, dave):
        socket = await connect(user)
        for stream in (members_thread.stream, "thread:999999", "area:nowhere", "org:nobody", "moderation", "x"):
            frames = await subscribe(socket, stream)
            assert frames == [{"type": "error", "stream": stream, "code": "forbidden"}]
        await socket.disconnect(timeout=T)


async def test_members_only_events_reach_members_and_moderators_never_visitors(
    members_thread, public_thread, alice, bob, mona, dave, area
):
    visitor, reader = await connect(), await connect(dave)
    member, moderator = await connect(bob), await connect(mona)
    for socket in (visitor, reader, member, moderator):
        await subscribe(socket, "home")
    for socket in (member, moderator):
        assert (await subscribe(socket, members_thread.stream))[-1]["type"] == "subscribed"
    await post(alice, members_thread, "Only for comrades")
    for socket in (member, moderator):
        frames = {(f["stream"], f["event"]): f for f in [await receive_event(socket) for _ in range(2)]}
        assert "Only for comrades" in frames[members_thread.stream, "post.created"]["html"]
        assert f'id="thread-{members_thread.pk}"' in frames["home", "thread.updated"]["html"]
    # A members-only thread on the home stream: members see it, visitors see nothing at all …
    secret = await sync_to_async(actions.create_thread)(
        acting_user=alice, title="Secret row", body="x", areas=[area], visibility="members"
    )
    for socket in (member, moderator):
        frame = await receive_event(socket)
        assert frame["event"] == "thread.created" and f'id="thread-{secret.pk}"' in frame["html"]
    for socket in (visitor, reader):
        assert await socket.receive_nothing(timeout=0.2)
    # … and the next public event still reaches them, with the skipped number silently passed.
    await post(alice, public_thread, "Public again")
    for socket in (visitor, reader):
        frame = await receive_event(socket)
        assert frame["event"] == "thread.updated" and "Secret" not in frame["html"]
    for socket in (visitor, reader, member, moderator):
        await socket.disconnect(timeout=T)


async def test_a_hidden_posts_body_never_reaches_a_non_moderator(public_thread, alice, mona, bob):
    reply = await post(alice, public_thread, "Something regrettable")
    visitor, member, moderator = await connect(), await connect(bob), await connect(mona)
    for socket in (visitor, member, moderator):
        await subscribe(socket, public_thread.stream)
    await sync_to_async(moderation_actions.hide_post)(acting_user=mona, post=reply, reason="off topic")
    for socket in (visitor, member):
        frame = await receive_event(socket)
        assert frame["event"] == "post.hidden"
        assert "regrettable" not in frame["html"]
        assert f'id="post-{reply.pk}"' in frame["html"]
    frame = await receive_event(moderator)
    assert "Something regrettable" in frame["html"]
    # Nor through catch-up: the stored visitor rendering has no body either.
    late = await connect()
    frames = await subscribe(late, public_thread.stream, since=0)
    assert all("regrettable" not in f.get("html", "") for f in frames)
    for socket in (visitor, member, moderator, late):
        await socket.disconnect(timeout=T)


async def test_the_fragment_follows_the_language(public_thread, alice):
    fa, en = await connect(), await connect(extra_headers=[(b"accept-language", b"en-US,en;q=0.8")])
    await subscribe(fa, public_thread.stream)
    await subscribe(en, public_thread.stream)
    chosen = await connect()
    await subscribe(chosen, public_thread.stream, lang="en")
    await post(alice, public_thread, "Hello")
    fa_html = (await receive_event(fa))["html"]
    assert (await receive_event(en))["html"] == (await receive_event(chosen))["html"] != fa_html
    assert "Reply" in (await sync_to_async(lambda: StreamEvent.objects.last().payload["visitor:en"])())
    for socket in (fa, en, chosen):
        await socket.disconnect(timeout=T)


# --- ordering and catch-up -------------------------------------------------------------------


async def test_events_arrive_in_order_exactly_once(public_thread, alice):
    socket = await connect()
    await subscribe(socket, public_thread.stream)
    for n in range(6):
        await post(alice, public_thread, f"reply {n}")
    frames = [await receive_event(socket) for _ in range(6)]
    assert [f["seq"] for f in frames] == [1, 2, 3, 4, 5, 6]
    assert [f"reply {n}" in f["html"] for n, f in enumerate(frames)] == [True] * 6
    assert await socket.receive_nothing(timeout=0.1)
    await socket.disconnect(timeout=T)


async def test_since_replays_what_was_missed_in_order(public_thread, alice):
    for n in range(4):
        await post(alice, public_thread, f"missed {n}")
    socket = await connect()
    frames = await subscribe(socket, public_thread.stream, since=1)
    assert [f.get("seq") for f in frames] == [2, 3, 4, 4]
    assert [f["type"] for f in frames] == ["event", "event", "event", "subscribed"]
    await post(alice, public_thread, "live again")
    assert (await receive_event(socket))["seq"] == 5
    await socket.disconnect(timeout=T)


@pytest.mark.parametrize("lands", ["before_head_is_read", "while_replay_is_read"])
async def test_a_post_landing_during_the_replay_arrives_once_in_order(public_thread, alice, monkeypatch, lands):
    for n in range(3):
        await post(alice, public_thread, f"old {n}")
    target = "current_seq" if lands == "before_head_is_read" else "events_after"
    original = getattr(events, target)
    landed = []

    def land_then(*args, **kwargs):
        if not landed:
            landed.append(actions.create_post(acting_user=alice, thread=public_thread, body="landed mid-replay"))
        return original(*args, **kwargs)

    monkeypatch.setattr(events, target, land_then)
    socket = await connect()
    frames = await subscribe(socket, public_thread.stream, since=0)
    frames += [await receive_event(socket) for _ in range(4 - sum(f["type"] == "event" for f in frames))]
    seqs = [f["seq"] for f in frames if f["type"] == "event"]
    assert seqs == [1, 2, 3, 4]
    assert sum("landed mid-replay" in f.get("html", "") for f in frames) == 1
    assert await socket.receive_nothing(timeout=0.2)
    await socket.disconnect(timeout=T)


async def test_a_gap_in_live_events_is_filled_from_the_log(public_thread, alice, monkeypatch):
    socket = await connect()
    await subscribe(socket, public_thread.stream)
    real_send = events.send_to_layer
    dropped = []

    def lose_the_first(stored):
        if not dropped:
            dropped.append(stored)  # as if the channel layer lost it
            return
        real_send(stored)

    monkeypatch.setattr(events, "send_to_layer", lose_the_first)
    await post(alice, public_thread, "lost on the way")
    await post(alice, public_thread, "arrived")
    first, second = await receive_event(socket), await receive_event(socket)
    assert (first["seq"], second["seq"]) == (1, 2)
    assert "lost on the way" in first["html"]
    await socket.disconnect(timeout=T)


async def test_a_page_too_far_behind_is_told_to_reload(public_thread, alice, monkeypatch):
    for n in range(3):
        await post(alice, public_thread, f"r {n}")
    await sync_to_async(lambda: StreamEvent.objects.filter(stream=public_thread.stream, seq__lte=2).delete())()
    socket = await connect()
    frames = await subscribe(socket, public_thread.stream, since=0)
    assert frames[0] == {"type": "reset", "stream": public_thread.stream, "seq": 3}
    frames = await subscribe(socket, public_thread.stream, since=99)  # ahead of the server
    assert frames[0]["type"] == "reset"
    await socket.disconnect(timeout=T)


# --- hostile and broken conditions -----------------------------------------------------------


async def test_a_foreign_origin_is_refused():
    for origin in ((b"origin", b"https://evil.example"), (b"origin", b"null")):
        socket = WebsocketCommunicator(application, "/ws/", headers=[origin])
        connected, _code = await socket.connect(timeout=T)
        assert not connected
    socket = WebsocketCommunicator(application, "/ws/", headers=[])
    connected, _code = await socket.connect(timeout=T)
    assert not connected


async def test_an_oversized_frame_closes_the_socket(public_thread):
    socket = await connect()
    big = json.dumps({"type": "subscribe", "stream": "home", "pad": "x" * (64 * 1024)})
    await socket.send_to(text_data=big)
    frames, code = await receive_close(socket)
    assert code == 1009 and frames == []


async def test_a_flood_is_throttled_then_disconnected():
    socket = await connect()
    for _ in range(60):
        await socket.send_json_to({"type": "ping"})
    frames, code = await receive_close(socket)
    assert code == 1008
    assert [f["type"] for f in frames] == ["pong"] * consumers.MAX_RATE + ["error"]
    assert frames[-1]["code"] == "throttled"


async def test_a_flood_on_one_socket_does_not_hold_up_another(public_thread, alice):
    quiet = await connect()
    await subscribe(quiet, public_thread.stream)
    noisy = await connect()
    for _ in range(60):
        await noisy.send_json_to({"type": "ping"})
    await post(alice, public_thread, "still here")
    assert "still here" in (await receive_event(quiet))["html"]
    await receive_close(noisy)
    await quiet.disconnect(timeout=T)


async def test_bad_messages_get_an_error_not_a_crash():
    socket = await connect()
    for text in ("not json", "[1,2]", '{"type":"subscribe"}', '{"type":"subscribe","stream":7}', '{"type":"x"}'):
        await socket.send_to(text_data=text)
        assert (await socket.receive_json_from(timeout=T)) == {"type": "error", "code": "bad_request"}
    await socket.send_json_to({"type": "ping"})
    assert (await socket.receive_json_from(timeout=T)) == {"type": "pong"}
    await socket.disconnect(timeout=T)


async def test_subscriptions_per_socket_are_capped(monkeypatch, area):
    monkeypatch.setattr(consumers, "MAX_SUBSCRIPTIONS", 2)
    socket = await connect()
    assert (await subscribe(socket, "home"))[-1]["type"] == "subscribed"
    assert (await subscribe(socket, f"area:{area.slug}"))[-1]["type"] == "subscribed"
    assert (await subscribe(socket, "home"))[-1]["type"] == "subscribed"  # again: not a new one
    frames = await subscribe(socket, "thread:1")
    assert frames == [{"type": "error", "stream": "thread:1", "code": "too_many_subscriptions"}]
    await socket.disconnect(timeout=T)


async def test_sockets_per_person_are_capped_and_released(monkeypatch, dave):
    monkeypatch.setattr(consumers, "MAX_SOCKETS_PER_USER", 2)
    first, second = await connect(dave), await connect(dave)
    third = await connect(dave)
    frames, code = await receive_close(third)
    assert code == consumers.CLOSE_TOO_MANY_SOCKETS and frames[0]["code"] == "too_many_sockets"
    await first.disconnect(timeout=T)
    fourth = await connect(dave)  # the closed one's place is free again
    assert (await subscribe(fourth, "home"))[-1]["type"] == "subscribed"
    visitors = [await connect() for _ in range(3)]  # visitors are not counted per person
    for socket in (second, fourth, *visitors):
        await socket.disconnect(timeout=T)


async def test_logging_out_closes_that_sessions_sockets(public_thread, alice):
    def logged_in_client():
        client = Client()
        client.force_login(alice)
        return client

    browser = await sync_to_async(logged_in_client)()
    cookie = (b"cookie", f"sessionid={browser.cookies['sessionid'].value}".encode())
    socket = WebsocketCommunicator(application, "/ws/", headers=[ORIGIN, cookie])
    assert (await socket.connect(timeout=T))[0]
    other_device = await connect(alice)
    await subscribe(socket, public_thread.stream)
    await subscribe(other_device, public_thread.stream)
    response = await sync_to_async(browser.post)("/accounts/logout/")
    assert response.status_code in (200, 302)
    frames, code = await receive_close(socket)
    assert code == consumers.CLOSE_SESSION_ENDED
    assert await other_device.receive_nothing(timeout=0.2)  # another session stays open
    await other_device.disconnect(timeout=T)


async def test_losing_membership_drops_members_only_streams(members_thread, public_thread, bob, org_b):
    socket = await connect(bob)
    assert (await subscribe(socket, members_thread.stream))[-1]["type"] == "subscribed"
    await subscribe(socket, public_thread.stream)
    membership = await sync_to_async(Membership.objects.get)(user=bob, organization=org_b)
    await sync_to_async(account_actions.leave_organization)(acting_user=bob, membership=membership)
    frames = [await socket.receive_json_from(timeout=T) for _ in range(2)]
    assert {"type": "error", "stream": members_thread.stream, "code": "forbidden"} in frames
    # The public thread moves to the visitor rendering and the page is offered a reload.
    assert {"type": "reset", "stream": public_thread.stream, "seq": 0} in frames
    await socket.disconnect(timeout=T)


async def test_gaining_membership_lets_a_reader_subscribe(members_thread, dave, org_a, rana):
    socket = await connect(dave)
    assert (await subscribe(socket, members_thread.stream))[0]["code"] == "forbidden"
    membership = await sync_to_async(account_actions.request_membership)(acting_user=dave, organization=org_a)
    await sync_to_async(account_actions.decide_membership)(acting_user=rana, membership=membership, approve=True)
    assert (await subscribe(socket, members_thread.stream))[-1]["type"] == "subscribed"
    await socket.disconnect(timeout=T)


async def test_the_page_embeds_the_sequence_it_reflects(public_thread, alice):
    await post(alice, public_thread, "one")
    await post(alice, public_thread, "two")
    # The first event is older than page_since's clock margin, the second is not; the thread page
    # reads the stream's head before its queries, so it claims both (nothing replayed over them).
    await sync_to_async(
        lambda: StreamEvent.objects.filter(seq=1).update(created_at=timezone.now() - timedelta(seconds=60))
    )()
    response = await sync_to_async(Client().get)(public_thread.get_absolute_url())
    assert f'data-live-since="{public_thread.stream}=2"'.encode() in response.content
    assert b"data-live-new-posts=" in response.content


def test_a_recent_event_is_never_claimed_by_the_page(public_thread, alice):
    actions.create_post(acting_user=alice, thread=public_thread, body="x")
    # Measured from when the event was stored, not from the clock now: on a busy machine more than
    # the two seconds' margin may pass between the post and the next line.
    stored_at = StreamEvent.objects.get(stream=public_thread.stream, seq=1).created_at
    later = stored_at + timedelta(seconds=events.PAGE_CLOCK_MARGIN + 1)
    assert events.page_since(public_thread.stream, later) == 1
    assert events.page_since(public_thread.stream, stored_at) == 0  # within the clock margin: replayed
    assert Post.objects.count() == 2
