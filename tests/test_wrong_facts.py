"""Facts people found wrong on the page (issue 18): event times in the event's own zone with the
reader's beside them, reply counts after split and merge, feeds without merged threads, mentions
followed by punctuation, signing twice, concluded debates, and refusals that give their real reason."""

import datetime
import re
import zoneinfo

import pytest
from django.urls import reverse

from forum.errors import ActionRefused
from tests.conftest import make_user
from threads.core import actions
from threads.joint import gatherings as g
from threads.moderation import actions as moderation
from threads.core.events import capture_events
from threads.following.models import Notification
from threads.models import Thread

VANCOUVER = zoneinfo.ZoneInfo("America/Vancouver")


@pytest.fixture
def may_day(alice, org_a, area):
    return g.propose(
        acting_user=alice, kind="action", title="May Day march", description="Join us.",
        starts_at=datetime.datetime(2030, 5, 1, 12, 0, tzinfo=VANCOUVER),
        ends_at=datetime.datetime(2030, 5, 1, 15, 0, tzinfo=VANCOUVER), time_zone="America/Vancouver",
        areas=[area], organizers=[org_a], place="Vancouver Art Gallery",
    )


def _when(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html.split("<dt>When</dt>", 1)[1].split("</dd>", 1)[0])


def test_event_time_is_the_events_own_with_the_readers_beside(client, may_day):
    client.cookies["tz"] = "America/Toronto"
    when = _when(client.get(may_day.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode())
    own, _, yours = when.partition("Your time:")
    assert "12:00" in own and "15:00" in own and "(America/Vancouver)" in own
    assert "15:00" in yours and "18:00" in yours


def test_event_time_alone_when_the_reader_shares_its_zone(client, may_day):
    client.cookies["tz"] = "America/Vancouver"
    when = _when(client.get(may_day.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert "12:00" in when and "Your time:" not in when


# --- reply counts and feeds after split and merge ----------------------------------------------



def test_split_then_merge_back_never_shows_minus_one_and_leaves_the_feeds(client, alice, bob, mona, public_thread, area):
    reply = actions.create_post(acting_user=bob, thread=public_thread, body="Off topic, really.")
    split = moderation.split_thread(acting_user=mona, thread=public_thread, posts=[reply], title="Split off", reason="r")
    new = Thread.objects.get(pk=split.data["new"])
    moderation.merge_threads(acting_user=mona, source=new, target=public_thread, reason="back")
    new.refresh_from_db()
    assert new.merged_into_id == public_thread.pk and new.reply_count == 0
    page = client.get(new.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en", follow=True).content.decode()
    assert "-1 repl" not in page and "reply_count" not in page
    for feed in (reverse("feed_home"), reverse("feed_area", args=[area.slug])):
        assert "Split off" not in client.get(feed).content.decode()


def test_a_merged_threads_live_row_says_it_left_the_lists(alice, mona, public_thread, area, django_capture_on_commit_callbacks):
    other = actions.create_thread(acting_user=alice, title="Duplicate", body="Same.", areas=[area])
    with capture_events() as events, django_capture_on_commit_callbacks(execute=True):
        moderation.merge_threads(acting_user=mona, source=other, target=public_thread, reason="dup")
    rows = [e for e in events if e.event == "thread.updated" and e.payload.get("_data", {}).get("thread") == other.pk]
    assert rows and all("data-removed" in html for e in rows for k, html in e.payload.items() if k != "_data" and html)


# --- mentions followed by punctuation ------------------------------------------------------------



@pytest.mark.parametrize("mark", [".", ",", "،", "؛", ":", "!", "?", "؟", ")"])
def test_a_mention_followed_by_punctuation_notifies(alice, bob, dave, rana, org_a, public_thread, mark):
    actions.create_post(acting_user=bob, thread=public_thread, body=f"(see @dave{mark} and @{org_a.slug}{mark}")
    assert Notification.objects.filter(user=dave, kind="mention").exists()
    assert Notification.objects.filter(user=rana, kind="org_mention").exists()


# --- refusals with their real reason ---------------------------------------------------------------



def test_a_suspended_member_is_told_so(client, alice, mona, public_thread):
    moderation.suspend_user(acting_user=mona, user=alice, kind="suspend", days=3, reason="Heat.")
    alice.refresh_from_db()
    with pytest.raises(ActionRefused, match="suspended"):
        actions.create_post(acting_user=alice, thread=public_thread, body="Hello")
    client.force_login(alice)
    page = client.get(public_thread.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Your account is suspended" in page and "Only members of an organization can reply" not in page
    assert 'class="post-form"' not in page


def test_a_moderator_without_two_factor_is_told_to_turn_it_on(client, db):
    mod = make_user("mod2", two_factor_enabled=False, is_moderator=True)
    client.force_login(mod)
    response = client.get(reverse("moderation_queue"), HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 403 and "Moderators act only with two-factor" in page
    assert "Only moderators see the review queue" not in page


def test_the_appointee_reads_that_they_were_made_a_moderator(client, root, dave):
    moderation.appoint_moderator(acting_user=root, user=dave)
    client.force_login(dave)
    page = client.get(reverse("notifications"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "An admin made you a moderator." in page and "appointed a moderator" not in page
