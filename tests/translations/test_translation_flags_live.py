"""A translation flag reaches the moderators' open review queue live (issue 20), as a post flag
does: moderation publishes the item on its queue stream, translations render it through
moderation's `review_queue_item` hook; handling the flags replaces it with "Handled."."""

import pytest
from asgiref.sync import sync_to_async
from django.test import Client

from accounts.models import User
from tests.live.test_live import connect, subscribe
from tests.translations.test_target_translations import ben, cora, debate, point  # noqa: F401 - fixtures
from threads.core import actions
from threads.models import TranslationFlag
from threads.translations import actions as tr_actions
from threads.translations import flag_actions

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
T = 30  # seconds: a busy 2-core CI


@pytest.fixture(autouse=True)
def _no_socket_cap():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def translation(alice, bob, area):
    User.objects.filter(pk=bob.pk).update(volunteers_as_translator=True)
    bob.refresh_from_db()
    thread = actions.create_thread(acting_user=alice, title="کارگران", body="از اتحادیه‌ها پشتیبانی می‌کنیم.", areas=[area])
    return tr_actions.translate_text(acting_user=bob, target=thread.posts.get(), language="en",
                                     text="We support the unions.")


def flag_through_the_form(user, translation):
    """dave flags it as a reader would, through the form (no JavaScript)."""
    client = Client()
    client.force_login(user)
    response = client.post(f"/translations/{translation.pk}/flag/", {"kind": "wrong", "note": "Says the opposite"})
    assert response.status_code == 302
    return response


async def test_a_translation_flag_reaches_the_open_queue_and_its_handling_too(translation, mona, dave, alice):
    queue = await connect(mona)
    assert (await subscribe(queue, "moderation", lang="en"))[-1]["type"] == "subscribed"
    members = await connect(alice)  # the queue stream stays the moderators'
    assert (await subscribe(members, "moderation")) == [{"type": "error", "stream": "moderation", "code": "forbidden"}]
    await members.disconnect(timeout=T)

    await sync_to_async(flag_through_the_form)(dave, translation)
    frame = await queue.receive_json_from(timeout=T)
    assert (frame["type"], frame["event"], frame["stream"]) == ("event", "queue.flagged", "moderation")
    assert frame["data"] == {"section": "translations", "item": translation.pk}
    html = frame["html"]
    assert f'id="queue-translation-{translation.pk}"' in html and "Says the opposite" in html
    assert "We support the unions." in html and "1 flag" in html
    assert f'href="/moderation/?review=translation-{translation.pk}#queue-translation-{translation.pk}"' in html  # no form without a request

    flag = await sync_to_async(TranslationFlag.objects.get)()
    assert flag.status == "open"
    await sync_to_async(flag_actions.resolve_translation_flags)(acting_user=mona, translation=translation, uphold=False)
    frame = await queue.receive_json_from(timeout=T)
    assert frame["event"] == "queue.resolved" and "queue-handled" in frame["html"]
    assert f'id="queue-translation-{translation.pk}"' in frame["html"]
    await queue.disconnect(timeout=T)


async def test_the_queue_page_is_ready_for_it(translation, mona, dave):
    """The page holds the list the live item joins, and subscribes to the queue's stream."""
    def page():
        client = Client()
        client.force_login(mona)
        client.cookies["hamgami_language"] = "en"
        return client.get("/moderation/").content.decode()

    html = await sync_to_async(page)()
    assert 'data-live-queue="translations"' in html and "moderation" in html.split('data-live-streams="', 1)[1].split('"')[0]
    await sync_to_async(flag_through_the_form)(dave, translation)
    html = await sync_to_async(page)()
    assert f'id="queue-translation-{translation.pk}"' in html and 'name="do" value="hide"' in html


@pytest.fixture
def point_translation(point, alice):  # noqa: F811 - the fixture
    """A ledger point's English translation (issue 20: translations of every kind are flagged)."""
    return tr_actions.translate_text(acting_user=alice, target=point, language="en", text="A point, in English.")


async def test_a_ledger_points_translation_flag_reaches_the_queue_live(point_translation, mona, dave):
    queue = await connect(mona)
    assert (await subscribe(queue, "moderation", lang="en"))[-1]["type"] == "subscribed"
    await sync_to_async(flag_through_the_form)(dave, point_translation)
    frame = await queue.receive_json_from(timeout=T)
    assert frame["event"] == "queue.flagged" and frame["data"]["item"] == point_translation.pk
    assert "A point, in English." in frame["html"] and "Says the opposite" in frame["html"]
    assert "#point-" in frame["html"]  # the link goes to the point on its debate page
    await queue.disconnect(timeout=T)
