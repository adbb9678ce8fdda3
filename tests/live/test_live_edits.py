"""Edits reach open pages through a real socket (issue 20): an event's page gets its main part
(time, place, description) replaced when an organizer edits it, and a debate's page its ledger when
a point is reworded."""

import datetime

import pytest
from asgiref.sync import sync_to_async

from tests.live.test_live import T, connect, receive_event, subscribe
from tests.translations.test_target_translations import ben, cora, start  # noqa: F401
from threads.debates import actions as da
from threads.joint import gatherings

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]

START = datetime.datetime(2030, 5, 1, 17, tzinfo=datetime.UTC)


@pytest.fixture
def no_socket_cap():
    from django.core.cache import cache

    cache.clear()


async def test_an_open_event_page_gets_the_new_place(alice, org_a, area, no_socket_cap):
    gathering = await sync_to_async(gatherings.propose)(
        acting_user=alice, kind="action", title="May Day", description="Join us.", starts_at=START,
        ends_at=START + datetime.timedelta(hours=3), time_zone="America/Toronto", areas=[area], organizers=[org_a],
        place="Queen's Park",
    )
    socket = await connect()
    await subscribe(socket, gathering.stream, lang="en")
    await sync_to_async(gatherings.edit_gathering)(
        acting_user=alice, gathering=gathering, title="May Day", description="Join us.", starts_at=START,
        ends_at=START + datetime.timedelta(hours=3), time_zone="America/Toronto", place="Nathan Phillips Square",
    )
    frame = await receive_event(socket)
    assert frame["event"] == "gathering.edited" and frame["data"]["changed"] == ["place"]
    assert frame["html"].lstrip().startswith('<div class="gathering-main" id="gathering-main">')
    assert "Nathan Phillips Square" in frame["html"] and "Queen&#x27;s Park" not in frame["html"]
    await socket.disconnect(timeout=T)


async def test_an_open_debate_page_gets_the_reworded_point(alice, cora, rana, ben, org_a, org_b, area, no_socket_cap):
    def setup():
        debate = start(alice, cora, org_a, org_b, area)
        point = da.propose_point(acting_user=alice, debate=debate, text="The election is not free.")
        return debate.thread.stream, point

    stream, point = await sync_to_async(setup)()
    socket = await connect()
    await subscribe(socket, stream, lang="en")
    await sync_to_async(da.reword_point)(acting_user=alice, point=point, text="The coming election is not free.")
    frame = await receive_event(socket)
    assert frame["event"] == "debate.point" and "The coming election is not free." in frame["html"]
    await socket.disconnect(timeout=T)


async def test_an_open_discussion_page_gets_the_events_new_title(alice, org_a, area, no_socket_cap):
    gathering = await sync_to_async(gatherings.propose)(
        acting_user=alice, kind="action", title="May Day", description="Join us.", starts_at=START,
        ends_at=START + datetime.timedelta(hours=3), time_zone="America/Toronto", areas=[area], organizers=[org_a],
        place="Queen's Park",
    )
    thread = await sync_to_async(lambda: gathering.thread)()
    socket = await connect()
    await subscribe(socket, thread.stream, lang="en")
    await sync_to_async(gatherings.edit_gathering)(
        acting_user=alice, gathering=gathering, title="May Day rally", description="Join us.", starts_at=START,
        ends_at=START + datetime.timedelta(hours=3), time_zone="America/Toronto", place="Queen's Park",
    )
    frame = await receive_event(socket)
    assert frame["event"] == "thread.retitled" and frame["data"] == {"thread": thread.pk}
    assert frame["html"].lstrip().startswith('<h1 id="thread-title"') and ">May Day rally</h1>" in frame["html"]
    await socket.disconnect(timeout=T)
