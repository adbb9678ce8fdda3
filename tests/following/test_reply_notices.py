"""Notices of replies to one's post (issue 19 review): the `reply` kind ("replied to you"), bell and
email by the person's settings, never about one's own reply, never about a thread one may no longer
read, once when also mentioned; and a post held for moderation notifies only once it is approved."""

import pytest
from django.core import mail

from accounts.models import Membership
from tests.conftest import join, make_user
from threads.core import actions
from threads.following import actions as following
from threads.models import Notification
from threads.moderation import actions as moderation
from threads.moderation import hooks as moderation_hooks

pytestmark = pytest.mark.django_db


def notices(user) -> list[tuple[str, int]]:
    return list(Notification.objects.filter(user=user).order_by("pk").values_list("kind", "actor_id"))


def test_a_reply_to_my_post_reaches_bell_and_email_once(alice, bob, public_thread, django_capture_on_commit_callbacks):
    following.save_preferences(acting_user=alice, email="immediate", watch_when_posting=True, language="en")
    opening = public_thread.posts.get()
    with django_capture_on_commit_callbacks(execute=True):
        actions.create_post(acting_user=bob, thread=public_thread, body="I answer you", reply_to=opening)
    assert notices(alice) == [("reply", bob.pk)]  # not also "posted in a thread you watch"
    assert following.cached_unread_count(alice.pk) == 1  # the bell, counted after the commit
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["alice@example.org"]
    assert "replied to you" in mail.outbox[0].subject and "I answer you" in mail.outbox[0].body


def test_no_email_when_the_person_chose_none(alice, bob, public_thread, django_capture_on_commit_callbacks):
    following.save_preferences(acting_user=alice, email="never", watch_when_posting=True, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        actions.create_post(acting_user=bob, thread=public_thread, body="answer", reply_to=public_thread.posts.get())
    assert notices(alice) == [("reply", bob.pk)] and mail.outbox == []


def test_replying_to_oneself_notifies_no_one(alice, public_thread):
    actions.create_post(acting_user=alice, thread=public_thread, body="and one more thing", reply_to=public_thread.posts.get())
    assert notices(alice) == []


def test_no_notice_from_a_thread_the_person_may_no_longer_read(alice, bob, members_thread):
    opening = members_thread.posts.get()
    Membership.objects.filter(user=alice).delete()  # alice left her organization: members-only is closed to her
    actions.create_post(acting_user=bob, thread=members_thread, body="an answer she may not read", reply_to=opening)
    assert notices(alice) == []


def test_replied_to_and_mentioned_is_one_notice(alice, bob, public_thread):
    actions.create_post(acting_user=bob, thread=public_thread, body="@alice, you asked", reply_to=public_thread.posts.get())
    assert notices(alice) == [("mention", bob.pk)]


# --- a post held for moderation notifies once a moderator approves it ---------------------------


@pytest.fixture
def premoderated(settings, org_a):
    """Every new member's first post waits for a moderator; nima is new."""
    settings.HAMGAMI = {**settings.HAMGAMI, "PREMODERATE_FIRST_POSTS": 1}
    newcomer = make_user("nima", display_name="Nima")
    join(newcomer, org_a)
    return newcomer


def test_a_queued_post_notifies_nobody_until_approved_then_once(
    client, premoderated, alice, dave, mona, public_thread, django_capture_on_commit_callbacks
):
    following.save_preferences(acting_user=dave, email="immediate", watch_when_posting=True, language="en")
    opening = public_thread.posts.get()  # alice wrote it and watches the thread
    with django_capture_on_commit_callbacks(execute=True):
        post = actions.create_post(acting_user=premoderated, thread=public_thread, body="@dave see this", reply_to=opening)
    assert post.state == "queued"
    assert notices(alice) == [] and notices(dave) == [] and mail.outbox == []
    client.force_login(mona)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/moderation/posts/{post.pk}/", {"do": "approve"})
    assert response.status_code == 302
    assert notices(alice) == [("reply", premoderated.pk)]
    assert notices(dave) == [("mention", premoderated.pk)]
    assert following.cached_unread_count(dave.pk) == 1
    assert [m.to for m in mail.outbox] == [["dave@example.org"]] and "mentioned you" in mail.outbox[0].subject
    # approving again is refused and changes nothing; hiding and restoring it tells no one again
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/moderation/posts/{post.pk}/", {"do": "approve"})
        moderation.hide_post(acting_user=mona, post=post, reason="off topic")
        moderation.restore_post(acting_user=mona, post=post)
    assert notices(alice) == [("reply", premoderated.pk)] and notices(dave) == [("mention", premoderated.pk)]
    assert len(mail.outbox) == 1


def test_a_rejected_post_restored_later_notifies_once(premoderated, dave, mona, public_thread):
    post = actions.create_post(acting_user=premoderated, thread=public_thread, body="@dave hello")
    moderation.reject_post(acting_user=mona, post=post, reason="wait")
    assert notices(dave) == []
    moderation.restore_post(acting_user=mona, post=post)
    assert notices(dave) == [("mention", premoderated.pk)]


def test_the_approval_and_its_notices_are_one_transaction(premoderated, dave, mona, public_thread):
    post = actions.create_post(acting_user=premoderated, thread=public_thread, body="@dave hello")

    def refuse(*, post, actor):
        raise RuntimeError("a receiver failed")

    moderation_hooks.post_approved.connect(refuse, order=99)
    try:
        with pytest.raises(RuntimeError):
            moderation.approve_post(acting_user=mona, post=post)
    finally:
        moderation_hooks.post_approved.disconnect(refuse)
    post.refresh_from_db()
    assert post.state == "queued" and notices(dave) == []  # neither the approval nor a notice stands
