"""Notices of replies to one's post (issue 19 review): the `reply` kind ("replied to you"), bell and
email by the person's settings, never about one's own reply, never about a thread one may no longer
read, once when also mentioned; and a post held for moderation notifies only once it is approved."""

import pytest
from django.core import mail

from accounts.models import Membership
from threads.core import actions
from threads.following import actions as following
from threads.models import Notification

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
