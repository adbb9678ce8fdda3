"""Moderation (issue 5): flags, the review queue, reversible actions on posts, threads and people,
the public log — through the action layer, the pages and the live socket."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts import access as people
from accounts.models import Membership, Organization, User
from forum.errors import ActionRefused
from tests.conftest import accept_chair, join, make_user
from threads.core import actions
from threads.moderation import actions as moderation
from threads.core.events import capture_events
from threads.models import (
    Area,
    AreaModerator,
    Debate,
    Flag,
    ModerationAction,
    Notification,
    Post,
    PostRevision,
    Suspension,
    Thread,
)

A = ModerationAction.Kind


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # flag rate limits and socket counts live there


@pytest.fixture
def published(django_capture_on_commit_callbacks):
    """with published() as events: what the actions inside publish once their transaction commits."""
    from contextlib import contextmanager

    @contextmanager
    def _published():
        with capture_events() as events, django_capture_on_commit_callbacks(execute=True):
            yield events

    return _published


@pytest.fixture
def reply(public_thread, bob):
    return actions.create_post(acting_user=bob, thread=public_thread, body="A reply with **words**")


@pytest.fixture
def other_area(db):
    return Area.objects.get(number=2)


@pytest.fixture
def area_mod(other_area, root):
    """Moderates area 2 only; the fixtures' threads are in area 1."""
    user = make_user("arya", display_name="Arya")
    moderation.appoint_moderator(acting_user=root, user=user, area=other_area)
    return User.objects.get(pk=user.pk)


def last_entry() -> ModerationAction:
    return ModerationAction.objects.order_by("-pk").first()


def refresh(obj):
    obj.refresh_from_db()
    return obj


# --- posts: hide / restore, with their log entries -----------------------------------------------


class TestHideRestore:
    def test_hide_and_restore_are_logged_reversibly_and_notify_the_author(self, mona, reply, bob, published):
        with published() as events:
            moderation.hide_post(acting_user=mona, post=reply, reason="Personal attack")
        reply = refresh(reply)
        assert reply.state == Post.State.HIDDEN and reply.hidden_reason == "Personal attack"
        hide = last_entry()
        assert (hide.actor, hide.action, hide.target_type, hide.target_id, hide.reason) == (
            mona, A.HIDE_POST, "post", reply.pk, "Personal attack"
        )
        assert hide.thread_id == reply.thread_id and list(hide.areas.values_list("number", flat=True)) == [1]
        assert [e.event for e in events if e.stream.startswith("thread:")] == ["post.hidden"]
        assert Notification.objects.get(user=bob).action == hide
        # The author's bell learns of it live (the notification feature delivers moderation notices).
        assert [e.event for e in events if e.stream == f"user:{bob.pk}"] == ["notifications.count"]
        assert refresh(reply.thread).post_count == 1

        moderation.restore_post(acting_user=mona, post=reply, reason="On reflection, fair")
        restore = last_entry()
        assert restore.action == A.RESTORE_POST and restore.reverses == hide
        assert refresh(reply).state == Post.State.VISIBLE and refresh(reply.thread).post_count == 2

    def test_a_reason_is_required_and_nothing_changes_without_one(self, mona, reply):
        with pytest.raises(ValidationError):
            moderation.hide_post(acting_user=mona, post=reply, reason="   ")
        assert refresh(reply).is_visible and not ModerationAction.objects.exists()

    def test_hiding_twice_says_who_did_it(self, mona, root, reply):
        moderation.hide_post(acting_user=mona, post=reply, reason="spam")
        with pytest.raises(moderation.AlreadyHandled, match="Mona"):
            moderation.hide_post(acting_user=root, post=reply, reason="spam too")
        assert ModerationAction.objects.count() == 1

    def test_log_and_state_roll_back_together(self, mona, reply):
        with pytest.raises(RuntimeError), transaction.atomic():
            moderation.hide_post(acting_user=mona, post=reply, reason="spam")
            raise RuntimeError
        assert refresh(reply).is_visible and not ModerationAction.objects.exists()

    @pytest.mark.parametrize("who", ["alice", "dave", "area_mod"])
    def test_it_checks_access(self, request, who, reply):
        person = request.getfixturevalue(who)
        with pytest.raises(ActionRefused):
            moderation.hide_post(acting_user=person, post=reply, reason="no")
        assert refresh(reply).is_visible and not ModerationAction.objects.filter(action=A.HIDE_POST).exists()

    def test_area_moderator_and_admin_may(self, root, other_area, reply, public_thread):
        mod = make_user("arash")
        moderation.appoint_moderator(acting_user=root, user=mod, area=Area.objects.get(number=1))
        mod = User.objects.get(pk=mod.pk)
        moderation.hide_post(acting_user=mod, post=reply, reason="off topic")
        moderation.restore_post(acting_user=root, post=reply)
        assert refresh(reply).is_visible


class TestEditAndMove:
    def test_edit_as_moderator_keeps_revisions_and_logs_reason_not_text(self, mona, reply):
        moderation.edit_post_as_moderator(acting_user=mona, post=reply, body="A reply with [redacted]", reason="Phone number")
        reply = refresh(reply)
        assert reply.revision_count == 2 and list(reply.revisions.values_list("number", flat=True)) == [1, 2]
        entry = last_entry()
        assert entry.action == A.EDIT_POST and entry.reason == "Phone number"
        assert "redacted" not in str(entry.data)
        with pytest.raises(ValidationError):
            moderation.edit_post_as_moderator(acting_user=mona, post=reply, body="other", reason="")

    def test_move_post_and_back(self, mona, reply, public_thread, alice, area):
        other = actions.create_thread(acting_user=alice, title="Elsewhere", body="start", areas=[area])
        with pytest.raises(ValidationError):
            moderation.move_post(acting_user=mona, post=reply, to_thread=other, reason="")
        moderation.move_post(acting_user=mona, post=reply, to_thread=other, reason="Belongs there")
        first = last_entry()
        assert refresh(reply).thread_id == other.pk
        assert (refresh(public_thread).post_count, refresh(other).post_count) == (1, 2)
        moderation.move_post(acting_user=mona, post=reply, to_thread=public_thread, reason="No, here")
        assert last_entry().reverses == first and refresh(reply).thread_id == public_thread.pk

    def test_members_only_posts_never_move_to_public(self, mona, members_thread, public_thread, alice):
        secret = actions.create_post(acting_user=alice, thread=members_thread, body="secret reply")
        with pytest.raises(ValidationError):
            moderation.move_post(acting_user=mona, post=secret, to_thread=public_thread, reason="x")


# --- flags and the queue -------------------------------------------------------------------------


class TestFlags:
    def test_flag_then_uphold(self, alice, dave, mona, reply, published):
        with published() as events:
            flag = moderation.flag_post(acting_user=dave, post=reply, kind=Flag.Kind.SPAM, note="ads")
        assert flag.status == Flag.Status.OPEN
        assert [(e.stream, e.event) for e in events] == [("moderation", "post.flagged")]
        assert set(k.split(":")[0] for k in events[0].payload if k != "_data") == {"moderator"}
        with pytest.raises(moderation.AlreadyHandled):
            moderation.flag_post(acting_user=dave, post=reply, kind=Flag.Kind.SPAM)
        entry = moderation.resolve_flags(acting_user=mona, post=reply, uphold=True, reason="Spam")
        assert entry.action == A.UPHOLD_FLAGS and refresh(flag).status == Flag.Status.UPHELD
        assert refresh(flag).handled_by == mona and refresh(reply).state == Post.State.HIDDEN
        assert ModerationAction.objects.filter(action=A.HIDE_POST, post=reply).exists()

    def test_resolving_twice_says_who_did_it(self, dave, mona, root, reply):
        moderation.flag_post(acting_user=dave, post=reply, kind=Flag.Kind.OFF_TOPIC)
        moderation.resolve_flags(acting_user=mona, post=reply, uphold=False)
        with pytest.raises(moderation.AlreadyHandled, match="Mona"):
            moderation.resolve_flags(acting_user=root, post=reply, uphold=True, reason="late")
        assert refresh(reply).is_visible

    def test_enough_distinct_flaggers_hide_pending_review_and_dismissal_restores(self, settings, reply, mona, org_a):
        settings.HAMGAMI = {**settings.HAMGAMI, "FLAGS_TO_HIDE": 2}
        first, second = make_user("f1"), make_user("f2")
        moderation.flag_post(acting_user=first, post=reply, kind=Flag.Kind.PERSONAL_ATTACK)
        assert refresh(reply).is_visible
        moderation.flag_post(acting_user=second, post=reply, kind="attack")
        reply = refresh(reply)
        assert reply.state == Post.State.HIDDEN and "2" in reply.hidden_reason
        auto = last_entry()
        assert auto.action == A.HIDE_POST and auto.actor is None
        moderation.resolve_flags(acting_user=mona, post=reply, uphold=False, reason="Fair criticism")
        assert refresh(reply).is_visible
        assert ModerationAction.objects.get(action=A.RESTORE_POST).reverses == auto

    def test_flag_rules(self, settings, dave, bob, reply, alice, members_thread):
        with pytest.raises(ValidationError):
            moderation.flag_post(acting_user=bob, post=reply, kind="spam")  # own post
        with pytest.raises(ValidationError):
            moderation.flag_post(acting_user=dave, post=reply, kind="other")  # "other" needs a note
        with pytest.raises(ValidationError):
            moderation.flag_post(acting_user=dave, post=reply, kind="nonsense")
        secret = members_thread.posts.get()
        with pytest.raises(ActionRefused):
            moderation.flag_post(acting_user=dave, post=secret, kind="spam")
        assert not Flag.objects.exists()

    def test_flagging_is_rate_limited(self, settings, dave, alice, public_thread):
        settings.HAMGAMI = {**settings.HAMGAMI, "FLAGS_PER_HOUR": 2, "FLAGS_TO_HIDE": 0}
        posts = [actions.create_post(acting_user=alice, thread=public_thread, body=f"p{i}") for i in range(3)]
        moderation.flag_post(acting_user=dave, post=posts[0], kind="spam")
        moderation.flag_post(acting_user=dave, post=posts[1], kind="spam")
        with pytest.raises(ActionRefused, match="2"):
            moderation.flag_post(acting_user=dave, post=posts[2], kind="spam")
        assert Flag.objects.count() == 2


class TestPreModeration:
    def test_new_members_first_posts_wait_for_approval(self, settings, public_thread, bob, mona, published):
        settings.HAMGAMI = {**settings.HAMGAMI, "PREMODERATE_FIRST_POSTS": 1}
        with published() as events:
            post = actions.create_post(acting_user=bob, thread=public_thread, body="first words")
        assert post.state == Post.State.QUEUED and refresh(public_thread).post_count == 1
        assert ("moderation", "post.queued") in [(e.stream, e.event) for e in events]
        moderation.approve_post(acting_user=mona, post=post)
        assert refresh(post).is_visible and refresh(public_thread).post_count == 2
        assert last_entry().action == A.APPROVE_POST
        with pytest.raises(moderation.AlreadyHandled, match="Mona"):
            moderation.reject_post(acting_user=mona, post=post, reason="late")
        assert actions.create_post(acting_user=bob, thread=public_thread, body="second").is_visible

    def test_link_heavy_posts_wait_and_can_be_rejected_then_restored(self, settings, public_thread, bob, mona):
        settings.HAMGAMI = {**settings.HAMGAMI, "PREMODERATE_LINKS": 2}
        body = " ".join(f"https://example.org/{i}" for i in range(3))
        post = actions.create_post(acting_user=bob, thread=public_thread, body=body)
        assert post.state == Post.State.QUEUED
        with pytest.raises(ValidationError):
            moderation.reject_post(acting_user=mona, post=post, reason="")
        moderation.reject_post(acting_user=mona, post=post, reason="Link spam")
        reject = last_entry()
        assert reject.action == A.REJECT_POST and refresh(post).state == Post.State.HIDDEN
        moderation.restore_post(acting_user=mona, post=post)
        assert last_entry().reverses == reject and refresh(post).is_visible


# --- threads -----------------------------------------------------------------------------------


class TestThreadActions:
    @pytest.mark.parametrize("do, undo, field", [
        (A.LOCK, A.UNLOCK, "is_locked"), (A.CLOSE, A.REOPEN, "is_closed"), (A.PIN, A.UNPIN, "is_pinned"),
    ])
    def test_toggle_and_reverse(self, mona, root, public_thread, do, undo, field):
        moderation.set_thread_state(acting_user=mona, thread=public_thread, action=do, reason="why")
        assert getattr(refresh(public_thread), field) is True
        first = last_entry()
        with pytest.raises(moderation.AlreadyHandled, match="Mona"):
            moderation.set_thread_state(acting_user=root, thread=public_thread, action=do)
        moderation.set_thread_state(acting_user=root, thread=public_thread, action=undo)
        assert getattr(refresh(public_thread), field) is False and last_entry().reverses == first

    def test_closed_and_locked_threads_take_no_replies(self, mona, bob, public_thread):
        moderation.close_thread(acting_user=mona, thread=public_thread)
        with pytest.raises(ActionRefused):
            actions.create_post(acting_user=bob, thread=refresh(public_thread), body="no")
        moderation.reopen_thread(acting_user=mona, thread=public_thread)
        assert actions.create_post(acting_user=bob, thread=refresh(public_thread), body="yes").is_visible

    def test_move_areas(self, mona, public_thread, other_area, area):
        with pytest.raises(ValidationError):
            moderation.move_thread_areas(acting_user=mona, thread=public_thread, areas=[other_area], reason="")
        moderation.move_thread_areas(acting_user=mona, thread=public_thread, areas=[other_area], reason="Wrong area")
        first = last_entry()
        assert list(public_thread.areas.all()) == [other_area]
        assert set(first.areas.all()) == {area, other_area} and first.data == {"from": [area.slug], "to": [other_area.slug]}
        moderation.move_thread_areas(acting_user=mona, thread=public_thread, areas=[area], reason="Back")
        assert last_entry().reverses == first

    def test_slow_mode(self, mona, bob, public_thread):
        moderation.set_slow_mode(acting_user=mona, thread=public_thread, minutes=10)
        actions.create_post(acting_user=bob, thread=refresh(public_thread), body="one")
        with pytest.raises(ValidationError, match="slow mode"):
            actions.create_post(acting_user=bob, thread=public_thread, body="two")
        first = last_entry()
        moderation.set_slow_mode(acting_user=mona, thread=public_thread, minutes=0)
        assert last_entry().reverses == first
        actions.create_post(acting_user=bob, thread=refresh(public_thread), body="two")

    def test_timer_closes_when_due(self, mona, bob, public_thread):
        with pytest.raises(ValidationError):
            moderation.set_timer(acting_user=mona, thread=public_thread, action="close", at=timezone.now() - timedelta(hours=1))
        moderation.set_timer(acting_user=mona, thread=public_thread, action="close", at=timezone.now() + timedelta(hours=1))
        assert moderation.apply_due_timers() == 0
        Thread.objects.filter(pk=public_thread.pk).update(timer_at=timezone.now() - timedelta(seconds=1))
        with pytest.raises(ActionRefused):
            actions.create_post(acting_user=bob, thread=refresh(public_thread), body="too late")
        public_thread = refresh(public_thread)
        assert public_thread.is_closed and not public_thread.timer_action
        entry = last_entry()
        assert entry.action == A.CLOSE and entry.actor is None

    def test_merge_and_unmerge_keep_every_post_author_and_revision(self, mona, alice, bob, area, public_thread, reply):
        other = actions.create_thread(acting_user=bob, title="Same topic", body="duplicate start", areas=[area])
        extra = actions.create_post(acting_user=alice, thread=other, body="answer")
        actions.edit_post(acting_user=alice, post=extra, body="answer, edited")
        before = {p.pk: (p.author_id, p.revisions.count()) for p in Post.objects.all()}
        revisions = PostRevision.objects.count()
        with pytest.raises(ValidationError):
            moderation.merge_threads(acting_user=mona, source=other, target=public_thread, reason="")
        merge = moderation.merge_threads(acting_user=mona, source=other, target=public_thread, reason="Duplicate")
        assert Post.objects.filter(thread=public_thread).count() == 4
        other = refresh(other)
        assert other.merged_into_id == public_thread.pk and other.is_closed and other.post_count == 0
        assert refresh(public_thread).post_count == 4
        assert {p.pk: (p.author_id, p.revisions.count()) for p in Post.objects.all()} == before
        assert PostRevision.objects.count() == revisions
        from threads.core import queries

        # An empty shell no longer stands in the lists; its page still says where its posts went.
        assert other not in queries.recent_threads(alice)
        assert other not in queries.area_threads(alice, area).object_list
        assert next(a for a in queries.areas_with_activity(alice) if a.pk == area.pk).thread_count == 1
        with pytest.raises(moderation.AlreadyHandled):
            moderation.merge_threads(acting_user=mona, source=other, target=public_thread, reason="again")
        moderation.unmerge_threads(acting_user=mona, merge=merge)
        assert other in queries.recent_threads(alice)
        assert last_entry().reverses == merge
        assert set(Post.objects.filter(thread=other).values_list("pk", flat=True)) == set(merge.data["posts"])
        other = refresh(other)
        assert other.merged_into_id is None and not other.is_closed and other.post_count == 2
        with pytest.raises(moderation.AlreadyHandled):
            moderation.unmerge_threads(acting_user=mona, merge=merge)

    def test_split_and_unsplit(self, mona, alice, bob, public_thread, reply):
        later = actions.create_post(acting_user=alice, thread=public_thread, body="tangent")
        revisions = PostRevision.objects.count()
        with pytest.raises(ValidationError):
            moderation.split_thread(acting_user=mona, thread=public_thread, posts=[reply, later], title="T", reason="")
        with pytest.raises(ValidationError):
            moderation.split_thread(acting_user=mona, thread=public_thread, posts=list(public_thread.posts.all()), title="T", reason="x")
        split = moderation.split_thread(acting_user=mona, thread=public_thread, posts=[reply, later], title="A tangent", reason="Off the motion")
        new = Thread.objects.get(pk=split.data["new"])
        assert new.author == bob and new.post_count == 2 and list(new.areas.all()) == list(public_thread.areas.all())
        assert refresh(public_thread).post_count == 1
        assert PostRevision.objects.count() == revisions
        moderation.unsplit_thread(acting_user=mona, split=split)
        assert refresh(public_thread).post_count == 3 and refresh(new).merged_into_id == public_thread.pk
        assert last_entry().reverses == split

    @pytest.mark.parametrize("who", ["alice", "area_mod"])
    def test_thread_actions_check_access(self, request, who, public_thread):
        person = request.getfixturevalue(who)
        for call in (
            lambda: moderation.lock_thread(acting_user=person, thread=public_thread),
            lambda: moderation.pin_thread(acting_user=person, thread=public_thread),
            lambda: moderation.set_slow_mode(acting_user=person, thread=public_thread, minutes=5),
            lambda: moderation.move_thread_areas(acting_user=person, thread=public_thread, areas=[Area.objects.get(number=2)], reason="x"),
        ):
            with pytest.raises(ActionRefused):
                call()
        assert not ModerationAction.objects.exclude(action=A.APPOINT).exists()


class TestDebateChair:
    def test_chair_moderates_own_debate_only(self, rana, bob, alice, area, public_thread, org_b):
        from threads.debates import actions as debate_actions

        join(make_user("bahar"), org_b, Membership.Role.REPRESENTATIVE)
        debate = debate_actions.start_debate(
            acting_user=rana, title="A debate", motion="Should we?", body="Opening", difference="political",
            areas=[area], chair=rana,
        )
        with pytest.raises(ActionRefused):  # not yet accepted by the participating organizations
            moderation.lock_thread(acting_user=rana, thread=debate.thread)
        accept_chair(debate)
        thread = debate.thread
        post = thread.posts.first()
        moderation.hide_post(acting_user=rana, post=post, reason="procedure")  # the chair, in their debate
        moderation.restore_post(acting_user=rana, post=post)
        moderation.lock_thread(acting_user=rana, thread=thread)
        moderation.unlock_thread(acting_user=rana, thread=thread)
        with pytest.raises(ActionRefused):
            moderation.pin_thread(acting_user=rana, thread=thread)  # not a chair's power
        with pytest.raises(ActionRefused):  # the chair of another debate, elsewhere
            moderation.hide_post(acting_user=rana, post=public_thread.posts.first(), reason="not my debate")


# --- people ------------------------------------------------------------------------------------


class TestSuspensions:
    def test_suspend_then_lift(self, mona, bob, public_thread, root):
        with pytest.raises(ValidationError):
            moderation.suspend_user(acting_user=mona, user=bob, kind="suspend", days=3, reason="")
        moderation.suspend_user(acting_user=mona, user=bob, kind="suspend", days=3, reason="Repeated attacks")
        bob = User.objects.get(pk=bob.pk)
        assert people.is_suspended(bob) and not people.can_post(bob) and not people.can_read_members_only(bob)
        suspend = last_entry()
        assert suspend.action == A.SUSPEND and suspend.subject == bob and not suspend.members_only
        assert Notification.objects.filter(user=bob, action=suspend).exists()
        with pytest.raises(ActionRefused):
            actions.create_post(acting_user=bob, thread=public_thread, body="still here")
        with pytest.raises(moderation.AlreadyHandled, match="Mona"):
            moderation.suspend_user(acting_user=root, user=bob, kind="silence", days=1, reason="x")
        moderation.lift_suspension(acting_user=root, user=bob)
        bob = User.objects.get(pk=bob.pk)
        assert people.can_post(bob) and last_entry().reverses == suspend

    def test_silence_keeps_reading(self, mona, bob):
        moderation.suspend_user(acting_user=mona, user=bob, kind="silence", days=1, reason="Cool down")
        bob = User.objects.get(pk=bob.pk)
        assert not people.can_post(bob) and people.can_read_members_only(bob)

    def test_restrictions_expire(self, mona, bob):
        moderation.suspend_user(acting_user=mona, user=bob, kind="suspend", days=1, reason="x")
        User.objects.filter(pk=bob.pk).update(restricted_until=timezone.now() - timedelta(seconds=1))
        assert people.can_post(User.objects.get(pk=bob.pk))

    def test_a_moderator_cannot_suspend_an_admin_or_a_moderator(self, mona, root):
        other = make_user("other_mod", is_moderator=True)
        for target in (root, other):
            with pytest.raises(ActionRefused):
                moderation.suspend_user(acting_user=mona, user=target, kind="suspend", days=1, reason="x")
        moderation.suspend_user(acting_user=root, user=other, kind="silence", days=1, reason="x")
        assert not Suspension.objects.filter(user=root).exists()

    def test_members_cannot_suspend(self, alice, bob):
        with pytest.raises(ActionRefused):
            moderation.suspend_user(acting_user=alice, user=bob, kind="suspend", days=1, reason="x")


class TestRoles:
    def test_admin_appoints_and_removes(self, root, dave, area):
        moderation.appoint_moderator(acting_user=root, user=dave)
        assert people.is_moderator(User.objects.get(pk=dave.pk))
        appoint = last_entry()
        moderation.dismiss_moderator(acting_user=root, user=dave)
        assert not people.is_moderator(User.objects.get(pk=dave.pk)) and last_entry().reverses == appoint
        moderation.appoint_moderator(acting_user=root, user=dave, area=area)
        dave = User.objects.get(pk=dave.pk)
        assert dave.is_area_moderator and moderation.moderated_area_ids(dave) == {area.pk}
        moderation.dismiss_moderator(acting_user=root, user=dave, area=area)
        assert not User.objects.get(pk=dave.pk).is_area_moderator

    def test_only_admins_appoint(self, mona, dave):
        with pytest.raises(ActionRefused):
            moderation.appoint_moderator(acting_user=mona, user=dave)


class TestApplications:
    def test_admit_from_the_queue_logged_and_twice_answers(self, root, dave):
        org = Organization.objects.create(slug="new-org", name_fa="تازه", name_en="New", applied_by=dave)
        moderation.decide_application(acting_user=root, organization=org, admit=True, reason="Welcome")
        assert refresh(org).is_admitted and last_entry().action == A.ADMIT_ORG
        with pytest.raises(moderation.AlreadyHandled, match=root.public_name):  # the handle, never the login name
            moderation.decide_application(acting_user=root, organization=org, admit=False)

    def test_moderators_do_not_admit(self, mona, dave):
        org = Organization.objects.create(slug="new-org", name_fa="تازه", name_en="New", applied_by=dave)
        with pytest.raises(ActionRefused):
            moderation.decide_application(acting_user=mona, organization=org, admit=True)

    def test_membership_request(self, root, dave, org_a):
        membership = Membership.objects.create(user=dave, organization=org_a)
        moderation.decide_membership_request(acting_user=root, membership=membership, approve=True)
        assert refresh(membership).status == Membership.Status.APPROVED and last_entry().action == A.APPROVE_MEMBER
        with pytest.raises(moderation.AlreadyHandled):
            moderation.decide_membership_request(acting_user=root, membership=membership, approve=False)


# --- pages -------------------------------------------------------------------------------------


def text(response) -> str:
    return response.content.decode()


class TestQueuePage:
    def test_it_works(self, client, login, mona, dave, reply, settings, public_thread, bob):
        moderation.flag_post(acting_user=dave, post=reply, kind="spam", note="selling things")
        login(mona)
        html = text(client.get("/moderation/"))
        assert f'id="queue-post-{reply.pk}"' in html and "selling things" in html
        response = client.post(f"/moderation/posts/{reply.pk}/", {"do": "uphold", "reason": "Spam"})
        assert response.status_code == 302 and refresh(reply).state == Post.State.HIDDEN
        # a second moderator acting on the same item is told what happened, and nothing changes twice
        response = client.post(f"/moderation/posts/{reply.pk}/", {"do": "dismiss"}, follow=True)
        assert "Mona" in text(response) and ModerationAction.objects.filter(action=A.UPHOLD_FLAGS).count() == 1
        assert refresh(reply).state == Post.State.HIDDEN

    def test_a_reason_is_required_to_hide_and_the_page_says_so(self, client, login, mona, reply):
        login(mona)
        response = client.post(f"/moderation/posts/{reply.pk}/", {"do": "hide", "reason": ""})
        assert response.status_code == 400 and refresh(reply).is_visible

    @pytest.mark.parametrize("who", ["alice", "dave"])
    def test_it_checks_access(self, client, login, request, who, reply):
        login(request.getfixturevalue(who))
        assert client.get("/moderation/").status_code == 403
        assert client.post(f"/moderation/posts/{reply.pk}/", {"do": "hide", "reason": "x"}).status_code == 403
        assert client.post(f"/moderation/threads/{reply.thread_id}/", {"do": "lock"}).status_code == 403
        assert refresh(reply).is_visible and not refresh(reply.thread).is_locked
        client.logout()
        assert client.get("/moderation/").status_code == 302  # to the login page

    def test_admin_admits_an_organization_from_the_queue(self, client, login, root, dave):
        org = Organization.objects.create(slug="new-org", name_fa="تازه", name_en="New org", applied_by=dave)
        login(root)
        assert "New org" in text(client.get("/moderation/", HTTP_ACCEPT_LANGUAGE="en"))
        client.post("/moderation/orgs/new-org/decide/", {"decision": "admit", "reason": "Welcome"})
        assert refresh(org).is_admitted
        response = client.post(
            "/moderation/orgs/new-org/decide/", {"decision": "decline"}, follow=True, headers={"accept-language": "en"}
        )
        assert "already decided" in text(response) and refresh(org).is_admitted

    def test_queue_queries_do_not_grow(self, client, login, mona, alice, public_thread, django_assert_num_queries):
        def flagged(n):
            for i in range(n):
                post = actions.create_post(acting_user=alice, thread=public_thread, body=f"post {i}")
                flagger = make_user(f"flagger{Flag.objects.count()}")
                moderation.flag_post(acting_user=flagger, post=post, kind="spam")
            cache.clear()

        login(mona)
        flagged(2)
        client.get("/moderation/")
        # session, user, memberships (viewer_can_post), posts (+thread, author, org),
        # their open flags (+flaggers), applications, membership requests, flagged translations
        # (+post, thread, translator, flaggers: the review_queue_sections hook), the live head
        with django_assert_num_queries(9):
            client.get("/moderation/")
        flagged(10)
        client.get("/moderation/")  # the cache was cleared: this one counts the bell's notices again
        with django_assert_num_queries(9):
            client.get("/moderation/")


class TestThreadPage:
    def test_controls_only_for_moderators_and_flag_for_signed_in(self, client, login, mona, bob, dave, reply, public_thread):
        url = public_thread.get_absolute_url()
        assert "moderate-link" not in text(client.get(url)) and "flag-box" not in text(client.get(url))
        login(dave)
        html = text(client.get(url))
        assert "flag-box" in html and "moderate-link" not in html
        login(mona)
        html = text(client.get(url))
        assert "moderate-link" in html and f"/moderation/threads/{public_thread.pk}/" in html

    def test_flag_through_the_page(self, client, login, dave, reply):
        login(dave)
        response = client.post(f"/posts/{reply.pk}/flag/", {"kind": "attack", "note": "rude"})
        assert response.status_code == 302 and Flag.objects.get().flagger == dave
        response = client.post(f"/posts/{reply.pk}/flag/", {"kind": "attack"}, follow=True)
        assert Flag.objects.count() == 1
        assert client.post(f"/posts/{reply.pk}/flag/", {"kind": "bogus"}).status_code == 400

    def test_lock_from_the_thread_page(self, client, login, mona, public_thread):
        login(mona)
        client.post(f"/moderation/threads/{public_thread.pk}/", {"do": "lock", "reason": "Cooling off"})
        assert refresh(public_thread).is_locked
        response = client.post(f"/moderation/threads/{public_thread.pk}/", {"do": "merge", "target": public_thread.pk, "reason": ""})
        assert response.status_code == 400


class TestLogPage:
    def test_it_works_and_filters(self, client, mona, root, reply, public_thread, other_area):
        moderation.hide_post(acting_user=mona, post=reply, reason="Personal attack")
        moderation.pin_thread(acting_user=root, thread=public_thread)
        html = text(client.get("/moderation/log/"))
        assert "Personal attack" in html and "Mona" in html
        assert reply.body_html not in html and "A reply with" not in html  # never the hidden text
        html = text(client.get(f"/moderation/log/?moderator={root.handle}"))
        assert "Personal attack" not in html
        mona_only = text(client.get(f"/moderation/log/?moderator={mona.handle}"))
        assert "Personal attack" in mona_only
        html = text(client.get("/moderation/log/?action=hide_post"))
        assert "Personal attack" in html
        assert "Personal attack" not in text(client.get(f"/moderation/log/?area={other_area.slug}"))

    def test_members_only_entries_only_for_members(self, client, login, mona, alice, dave, members_thread):
        secret = actions.create_post(acting_user=alice, thread=members_thread, body="inner business")
        moderation.hide_post(acting_user=mona, post=secret, reason="Off the topic of the meeting")
        for who in (None, dave):
            if who:
                login(who)
            html = text(client.get("/moderation/log/"))
            assert "Off the topic" not in html and members_thread.title not in html
        login(alice)
        html = text(client.get("/moderation/log/"))
        assert "Off the topic" in html and "inner business" not in html

    def test_hidden_body_absent_for_non_moderators_everywhere(self, client, login, mona, bob, dave, reply, public_thread):
        moderation.hide_post(acting_user=mona, post=reply, reason="Leaks an address")
        for who in (None, dave):
            if who:
                login(who)
            for url in (public_thread.get_absolute_url(), "/moderation/log/", f"/posts/{reply.pk}/revisions/"):
                assert "A reply with" not in text(client.get(url))
        login(bob)  # the author still sees it, and the notice
        assert "A reply with" in text(client.get(public_thread.get_absolute_url()))
        assert "Leaks an address" in text(client.get("/moderation/notices/"))

    def test_log_queries_do_not_grow(self, client, mona, alice, public_thread, django_assert_num_queries):
        def hidden(n):
            for i in range(n):
                post = actions.create_post(acting_user=alice, thread=public_thread, body=f"x {i}")
                moderation.hide_post(acting_user=mona, post=post, reason=f"r{i}")

        hidden(2)
        client.get("/moderation/log/")
        # entries count, entries (+actor, subject, thread, post), their areas, moderators, areas
        with django_assert_num_queries(5):
            client.get("/moderation/log/")
        hidden(20)
        with django_assert_num_queries(5):
            client.get("/moderation/log/")


class TestPeoplePages:
    def test_suspend_through_the_page_and_admin_is_protected(self, client, login, mona, bob, root):
        login(mona)
        response = client.post("/moderation/people/bob/", {"do": "suspend", "kind": "suspend", "days": 2, "reason": "Attacks"})
        assert response.status_code == 302 and people.is_suspended(User.objects.get(pk=bob.pk))
        assert client.post("/moderation/people/root/", {"do": "suspend", "kind": "suspend", "days": 2, "reason": "x"}).status_code == 403
        assert not Suspension.objects.filter(user=root).exists()
        client.post("/moderation/people/bob/", {"do": "lift"})
        assert not people.is_suspended(User.objects.get(pk=bob.pk))


class TestDemo:
    def test_seed_moderation_fills_the_queue_and_the_log(self, alice, bob, dave, rana, mona, area):
        from threads.demo.moderation import seed_moderation

        for i in range(3):
            thread = actions.create_thread(acting_user=alice, title=f"Demo {i}", body="opening", areas=[area])
            actions.create_post(acting_user=alice, thread=thread, body="a reply to flag")
        seed_moderation()
        assert Flag.objects.filter(status=Flag.Status.OPEN).count() >= 2
        assert Post.objects.filter(state=Post.State.QUEUED).count() == 1
        hidden = Post.objects.get(state=Post.State.HIDDEN)
        assert "private" in hidden.hidden_reason
        seed_moderation()  # idempotent
        assert Post.objects.filter(state=Post.State.QUEUED).count() == 1
