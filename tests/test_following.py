"""Following (issue 7): levels, who gets which notification, mentions, emails, digests,
unsubscribe tokens, the live bell, the notifications page."""

import pytest
from asgiref.sync import sync_to_async
from django.core import mail, signing
from django.core.management import call_command

from accounts.models import Membership
from tests.conftest import join, make_user
from threads import actions, following
from threads.models import FollowPreferences, Notification, Subscription

pytestmark = pytest.mark.django_db


def kinds(user) -> list[str]:
    return list(Notification.objects.filter(user=user).order_by("pk").values_list("kind", flat=True))


def test_starting_and_replying_watch_the_thread(alice, bob, public_thread):
    assert following.level_of(alice, public_thread) == "watching"
    actions.create_post(acting_user=bob, thread=public_thread, body="hello")
    assert following.level_of(bob, public_thread) == "watching"
    assert kinds(alice) == ["watched"]


def test_reply_mention_and_org_mention(alice, bob, rana, dave, org_a, public_thread):
    opening = public_thread.posts.get()
    actions.create_post(acting_user=bob, thread=public_thread, body="I answer you", reply_to=opening)
    assert kinds(alice) == ["reply"]
    actions.create_post(acting_user=bob, thread=public_thread, body="@dave and @org-a and @nobody, see")
    assert kinds(dave) == ["mention"]
    assert kinds(rana) == ["org_mention"]
    assert Notification.objects.get(user=rana).organization == org_a
    assert kinds(alice) == ["reply", "watched"]  # alice is a member, not a representative of org-a
    assert Notification.objects.filter(user=bob).count() == 0  # never about one's own post


def test_quote(alice, bob, public_thread):
    opening = public_thread.posts.get()
    Subscription.objects.filter(user=alice).update(level="normal")
    actions.create_post(acting_user=bob, thread=public_thread, body=f"> as [she said](#post-{opening.pk})")
    assert kinds(alice) == ["quote"]


def test_levels(alice, bob, dave, area, public_thread):
    following.follow(acting_user=dave, target=area, level="watching")
    actions.create_thread(acting_user=bob, title="New in the area", body="text", areas=[area])
    assert kinds(dave) == ["new_thread"]
    following.follow(acting_user=alice, target=public_thread, level="muted")
    actions.create_post(acting_user=bob, thread=public_thread, body="@alice muted hears nothing")
    assert kinds(alice) == []
    following.follow(acting_user=alice, target=public_thread, level="tracking")
    actions.create_post(acting_user=bob, thread=public_thread, body="tracking: no notice")
    assert kinds(alice) == []


def test_members_only_never_reaches_those_who_may_not_read(alice, bob, dave, area, members_thread):
    following.follow(acting_user=dave, target=area, level="watching")
    actions.create_post(acting_user=bob, thread=members_thread, body="@dave secret")
    assert kinds(dave) == []
    with pytest.raises(Exception):
        following.follow(acting_user=dave, target=members_thread, level="watching")


def test_email_immediately_in_the_recipients_language(alice, bob, public_thread, django_capture_on_commit_callbacks):
    following.save_preferences(acting_user=alice, email="immediate", watch_when_posting=True, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        actions.create_post(acting_user=bob, thread=public_thread, body="hi @alice")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.org"]
    assert "mentioned you" in message.subject
    assert "/notifications/unsubscribe/" in message.body
    assert "hi @alice" in message.body


def test_digest(alice, bob, dave, public_thread, members_thread, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        actions.create_post(acting_user=bob, thread=public_thread, body="for the digest @dave")
        actions.create_post(acting_user=bob, thread=members_thread, body="members only words")
    assert mail.outbox == []  # the default is the daily digest
    call_command("send_digests", stdout=open("/dev/null", "w"))
    to = {m.to[0]: m for m in mail.outbox}
    assert "for the digest" in to["dave@example.org"].body
    assert "members only words" in to["alice@example.org"].body  # alice may read it
    assert "members only words" not in to["dave@example.org"].body
    mail.outbox.clear()
    call_command("send_digests", stdout=open("/dev/null", "w"))
    assert mail.outbox == []  # nothing twice


def test_unsubscribe_without_login(client, dave, freezer=None):
    token = following.unsubscribe_token(dave)
    url = f"/notifications/unsubscribe/{token}/"
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 200
    assert FollowPreferences.objects.get(user=dave).email == "never"
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    response = client.get(f"/notifications/unsubscribe/{tampered}/")
    assert response.status_code == 400 and "not valid" in response.content.decode() or "معتبر" in response.content.decode()
    old = signing.dumps({"u": dave.pk}, salt=following.UNSUBSCRIBE_SALT, compress=True)
    import time
    from unittest import mock

    with mock.patch("time.time", return_value=time.time() + following.UNSUBSCRIBE_MAX_AGE + 10):
        assert following.user_for_unsubscribe(old) == (None, "stale")


def test_notifications_page_works_and_queries_do_not_grow(client, alice, bob, public_thread, django_assert_num_queries):
    client.force_login(alice)
    for n in range(3):
        actions.create_post(acting_user=bob, thread=public_thread, body=f"reply {n}")
    # session, user, count (paginator), preferences, memberships (header), notifications
    with django_assert_num_queries(6):
        response = client.get("/notifications/")
    assert response.status_code == 200 and response.content.decode().count('class="notification unread"') == 3
    for n in range(20):
        actions.create_post(acting_user=bob, thread=public_thread, body=f"more {n}")
    with django_assert_num_queries(6):
        client.get("/notifications/")
    client.post("/notifications/", {"mark_read": "1"})
    assert not Notification.objects.filter(user=alice, read_at__isnull=True).exists()


def test_notifications_page_checks_access(client):
    assert client.get("/notifications/").status_code == 302


def test_follow_view(client, dave, area, members_thread):
    client.force_login(dave)
    assert client.post(f"/follow/area/{area.slug}/", {"level": "watching"}).status_code == 302
    assert following.level_of(dave, area) == "watching"
    assert client.post(f"/follow/thread/{members_thread.pk}/", {"level": "watching"}).status_code == 404
    client.post(f"/follow/area/{area.slug}/", {"level": "bogus"})
    assert following.level_of(dave, area) == "watching"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
async def test_the_bell_is_live_on_the_persons_own_stream(alice, bob, public_thread):
    from tests.test_live import connect, subscribe

    socket = await connect(alice)
    frames = await subscribe(socket, f"user:{alice.pk}")
    assert frames[-1]["type"] == "subscribed"
    await sync_to_async(actions.create_post)(acting_user=bob, thread=public_thread, body="@alice look")
    frame = await socket.receive_json_from(timeout=5)
    assert frame["type"] == "event" and frame["event"] == "notifications.count"
    assert frame["data"]["count"] == 1 and 'href="/notifications/"' in frame["html"]
    other = await connect(bob)
    assert (await subscribe(other, f"user:{alice.pk}"))[-1] == {"type": "error", "stream": f"user:{alice.pk}", "code": "forbidden"}
    visitor = await connect(None)
    assert (await subscribe(visitor, f"user:{alice.pk}"))[-1]["code"] == "forbidden"
    for s in (socket, other, visitor):
        await s.disconnect()
