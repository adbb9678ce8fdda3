"""Following (issue 7): levels, who gets which notification, mentions, emails, digests,
unsubscribe tokens, the live bell, the notifications page."""

import pytest
from asgiref.sync import sync_to_async
from django.core import mail, signing
from django.core.management import call_command

from accounts.models import Membership
from datetime import timedelta

from django.utils import timezone

from tests.conftest import accept_chair, join, make_user, with_two_factor
from threads.core import actions
from threads.following import actions as following
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
    from tests.live.test_live import T, connect, subscribe

    socket = await connect(alice)
    frames = await subscribe(socket, f"user:{alice.pk}")
    assert frames[-1]["type"] == "subscribed"
    await sync_to_async(actions.create_post)(acting_user=bob, thread=public_thread, body="@alice look")
    frame = await socket.receive_json_from(timeout=T)
    assert frame["type"] == "event" and frame["event"] == "notifications.count"
    assert frame["data"]["count"] == 1 and 'href="/notifications/"' in frame["html"]
    other = await connect(bob)
    assert (await subscribe(other, f"user:{alice.pk}"))[-1] == {"type": "error", "stream": f"user:{alice.pk}", "code": "forbidden"}
    visitor = await connect(None)
    assert (await subscribe(visitor, f"user:{alice.pk}"))[-1]["code"] == "forbidden"
    for s in (socket, other, visitor):
        await s.disconnect(timeout=T)


# --- follow boxes show the current level; threads link back to their statement or event --------


def follow_select(html: str, kind: str, key) -> str:
    import re

    select = re.search(rf'<select name="level" id="follow-{kind}-{key}">(.*?)</select>', html, re.S)
    assert select, f"no follow box for {kind} {key}"
    chosen = re.findall(r'<option value="(\w+)" selected>', select.group(1))
    assert len(chosen) == 1, chosen
    return chosen[0]


def test_follow_boxes_show_the_current_level(client, alice, dave, org_a, area, public_thread):
    client.force_login(dave)
    assert follow_select(client.get(public_thread.get_absolute_url()).content.decode(), "thread", public_thread.pk) == "normal"
    following.follow(acting_user=dave, target=public_thread, level="tracking")
    following.follow(acting_user=dave, target=area, level="watching")
    following.follow(acting_user=dave, target=org_a, level="muted")
    assert follow_select(client.get(public_thread.get_absolute_url()).content.decode(), "thread", public_thread.pk) == "tracking"
    assert follow_select(client.get(area.get_absolute_url()).content.decode(), "area", area.slug) == "watching"
    assert follow_select(client.get(org_a.get_absolute_url()).content.decode(), "org", org_a.slug) == "muted"
    # Another person's choice is not shown to alice (she started the thread: watching).
    client.force_login(alice)
    assert follow_select(client.get(public_thread.get_absolute_url()).content.decode(), "thread", public_thread.pk) == "watching"
    assert follow_select(client.get(area.get_absolute_url()).content.decode(), "area", area.slug) == "normal"


def test_follow_box_costs_one_query_per_page(client, dave, area, django_assert_num_queries):
    from django.template import Context, Template

    following.follow(acting_user=dave, target=area, level="watching")
    template = Template('{% include "following/_follow.html" with follow_kind="area" follow_key=slug %}')
    with django_assert_num_queries(1):
        html = template.render(Context({"user": dave, "slug": area.slug, "csrf_token": "x"}))
    assert 'value="watching" selected' in html


def _statement_for(thread, author, organization, *, status="published", visibility="public"):
    from threads.models import Statement, StatementRevision

    statement = Statement.objects.create(
        drafting_org=organization, drafted_by=author, status=status, visibility=visibility, thread=thread
    )
    revision = StatementRevision.objects.create(
        statement=statement, language="fa", number=1, substance=1, title="بیانیهٔ مشترک", text_source="متن",
        text_html="<p>متن</p>", author=author,
    )
    Statement.objects.filter(pk=statement.pk).update(fa_revision=revision)
    return statement


def _gathering(author, *, thread=None, summing_up=None, visibility="public", title="May Day march"):
    from datetime import timedelta

    from django.utils import timezone

    from threads.models import Gathering

    start = timezone.now() + timedelta(days=3)
    return Gathering.objects.create(
        kind="action", title=title, description_source="x", description_html="<p>x</p>", starts_at=start,
        ends_at=start + timedelta(hours=2), time_zone="America/Vancouver", proposed_by=author, thread=thread,
        summing_up=summing_up, visibility=visibility,
    )


def test_thread_page_links_back_to_its_statement_or_event(client, alice, dave, rana, org_a, area, public_thread):
    statement = _statement_for(public_thread, rana, org_a)
    event_thread = actions.create_thread(acting_user=alice, title="About the march", body="x", areas=[area])
    march = _gathering(alice, thread=event_thread)
    summary_thread = actions.create_thread(acting_user=alice, title="How the march went", body="x", areas=[area])
    _gathering(alice, summing_up=summary_thread, title="Seminar")
    _gathering(alice, summing_up=summary_thread, visibility="members", title="Members' meeting")
    html = client.get(public_thread.get_absolute_url()).content.decode()
    assert 'class="thread-home"' in html and statement.get_absolute_url() in html and "بیانیهٔ مشترک" in html
    html = client.get(event_thread.get_absolute_url()).content.decode()
    assert march.get_absolute_url() in html and "May Day march" in html
    html = client.get(summary_thread.get_absolute_url()).content.decode()
    assert "Seminar" in html and "Members&#x27; meeting" not in html and "Members' meeting" not in html
    client.force_login(alice)  # a member sees the members-only event it sums up
    html = client.get(summary_thread.get_absolute_url()).content.decode()
    assert html.count('class="thread-home"') == 2


def test_thread_page_hides_a_statement_the_reader_may_not_see(client, alice, rana, org_a, public_thread):
    _statement_for(public_thread, rana, org_a, status="draft")
    assert 'class="thread-home"' not in client.get(public_thread.get_absolute_url()).content.decode()
    client.force_login(alice)
    assert 'class="thread-home"' in client.get(public_thread.get_absolute_url()).content.decode()


# --- the bell on every page: its count, the private stream, the script --------------------------


def test_every_page_carries_the_bell_and_the_persons_own_stream(client, alice, bob, public_thread):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/").content.decode()
    assert "data-live-private" not in html and "js/bell.js" not in html  # visitors have no bell
    actions.create_post(acting_user=bob, thread=public_thread, body="@alice look")
    client.force_login(alice)  # counting at login fills the bell's cache
    html = client.get("/orgs/").content.decode()  # a page without live streams of its own
    assert f'data-live-private="user:{alice.pk}"' in html
    assert 'src="/static/js/bell.js"' in html and 'type="module"' in html
    assert 'data-bell-count="1"' in html and '<span class="bell-count" data-bell-number>1</span>' in html
    assert 'data-bell-many="%(count)s unread notifications"' in html
    assert 'role="status" aria-live="polite"' in html


def test_the_bell_counts_when_the_cache_has_forgotten(client, alice, bob, public_thread):
    from django.core.cache import cache

    actions.create_post(acting_user=bob, thread=public_thread, body="@alice look")
    client.force_login(alice)
    cache.clear()
    assert 'data-bell-count="1"' in client.get("/orgs/").content.decode()
    following.mark_all_read(acting_user=alice)
    following.unread_count(alice.pk)
    html = client.get("/orgs/").content.decode()
    assert 'data-bell-count="0"' in html and "data-bell-number hidden" in html


# --- SITE_URL: absolute links in emails --------------------------------------------------------


def test_site_url_from_the_environment():
    import json
    import os
    import subprocess
    import sys

    def site_url(**env):
        clean = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}}
        out = subprocess.run(
            [sys.executable, "-c", "import json; from forum import settings as s; print(json.dumps(s.SITE_URL))"],
            env={**clean, **env}, capture_output=True, text=True, timeout=60, check=True,
        ).stdout
        return json.loads(out)

    assert site_url(DEBUG="1") == "http://127.0.0.1:8000"
    assert site_url(DEBUG="1", SITE_URL="https://forum.example.org/") == "https://forum.example.org"
    assert site_url(DEBUG="0", SECRET_KEY="x" * 50, ALLOWED_HOSTS="forum.example.org,www.example.org") == "https://forum.example.org"


def test_emails_link_absolutely_to_site_url(settings, alice, bob, public_thread, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://forum.example.org"
    following.save_preferences(acting_user=alice, email="immediate", watch_when_posting=True, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        post = actions.create_post(acting_user=bob, thread=public_thread, body="hi @alice")
    body = mail.outbox[0].body
    assert f"https://forum.example.org{post.get_absolute_url()}" in body
    assert "https://forum.example.org/notifications/unsubscribe/" in body
    assert "https://forum.example.org/notifications/" in body


# --- debates: phase changes, deadlines, positions -----------------------------------------------


@pytest.fixture
def debate(alice, rana, bob, org_a, org_b, area):
    from threads.debates import actions as debate_actions

    join(make_user("bahar", display_name="Bahar"), org_b, Membership.Role.REPRESENTATIVE)
    debate = debate_actions.start_debate(
        acting_user=alice, title="A debate to follow", motion="The coalition should act.", body="Let us debate.",
        difference="political", areas=[area], organizations=[org_a, org_b], chair=alice,
    )
    return accept_chair(debate)


def test_phase_changes_reach_those_watching_the_debate(alice, bob, dave, mona, debate, django_capture_on_commit_callbacks):
    from threads.debates import actions as debate_actions

    following.follow(acting_user=dave, target=debate.thread, level="watching")
    following.follow(acting_user=bob, target=debate.thread, level="muted")
    following.follow(acting_user=mona, target=debate.thread, level="tracking")
    with django_capture_on_commit_callbacks(execute=True):
        debate_actions.move_phase(acting_user=alice, debate=debate, to_phase="rebuttals")
    note = Notification.objects.get(user=dave, kind="phase")
    assert (note.thread, note.actor, note.detail) == (debate.thread, alice, "rebuttals")
    assert kinds(bob) == [] and kinds(mona) == []  # muted; tracking is counts only
    assert kinds(alice) == []  # the chair moved it: not told of her own act (though she watches it)
    assert following.cached_unread_count(dave.pk) == 1  # the bell was told
    # A new deadline alone tells no one now (its approach will).
    debate_actions.move_phase(
        acting_user=alice, debate=debate, to_phase="rebuttals", deadline=timezone.now() + timedelta(days=3)
    )
    assert kinds(dave) == ["phase"]


def test_phase_notices_respect_members_only(alice, rana, dave, area, org_a, org_b):
    from threads.debates import actions as debate_actions

    join(make_user("bahar", display_name="Bahar"), org_b, Membership.Role.REPRESENTATIVE)
    secret = accept_chair(debate_actions.start_debate(
        acting_user=alice, title="Members only", motion="m", body="b", difference="political", areas=[area],
        organizations=[org_a, org_b], visibility="members",
    ))
    Subscription.objects.create(user=dave, thread=secret.thread, level="watching")  # e.g. from before a change
    debate_actions.move_phase(acting_user=alice, debate=secret, to_phase="rebuttals")
    assert kinds(dave) == []


def test_new_positions_reach_followers_of_the_organization(alice, rana, dave, bob, org_a, debate):
    from threads.debates import actions as debate_actions

    with_two_factor(rana)
    following.follow(acting_user=dave, target=org_a, level="watching")
    following.follow(acting_user=bob, target=org_a, level="normal")
    publish = lambda stance, text: debate_actions.publish_position(  # noqa: E731
        acting_user=rana, debate=debate, organization=org_a, stance=stance, statement=text
    )
    publish("undecided", "We are discussing it.")
    note = Notification.objects.get(user=dave)
    assert (note.kind, note.organization, note.actor, note.detail) == ("position", org_a, rana, "undecided")
    assert kinds(alice) == ["position"]  # she watches the debate she started
    assert kinds(bob) == []  # normal: replies and mentions only
    publish("undecided", "We are still discussing it.")  # reworded, same stance: no notice
    assert kinds(dave) == ["position"]
    publish("supports", "We support it.")  # the stance moved: a notice
    assert kinds(dave) == ["position", "position"]


def test_notify_deadlines_once_per_deadline(alice, dave, debate, client):
    from django.core.management import call_command
    from threads.debates import actions as debate_actions
    from threads.models import DeadlineNotice

    following.follow(acting_user=dave, target=debate.thread, level="watching")
    now = timezone.now()
    debate_actions.move_phase(acting_user=alice, debate=debate, to_phase="opening", deadline=now + timedelta(hours=30))
    assert following.notify_deadlines(now) == 0  # more than a day away
    assert following.notify_deadlines(now + timedelta(hours=7)) == 1
    assert following.notify_deadlines(now + timedelta(hours=8)) == 0  # once per deadline
    call_command("notify_deadlines", stdout=__import__("io").StringIO())
    note = Notification.objects.get(user=dave, kind="deadline")
    assert note.detail == "opening" and note.actor is None
    assert kinds(alice) == ["deadline"]  # the chair watches her debate too
    # A new deadline gets its own notice; one that was replaced is never announced as passed.
    debate_actions.move_phase(acting_user=alice, debate=debate, to_phase="opening", deadline=now + timedelta(hours=50))
    assert following.notify_deadlines(now + timedelta(hours=30)) == 1
    assert DeadlineNotice.objects.count() == 2
    # Once it has passed, the watchers and the chair hear that the phase is closed, once.
    assert following.notify_deadlines(now + timedelta(hours=60)) == 1
    assert following.notify_deadlines(now + timedelta(hours=61)) == 0
    assert kinds(alice) == ["deadline", "deadline", "deadline_up"]
    assert Notification.objects.filter(user=dave, kind="deadline_up").count() == 1
    # The notices read well on the page, in the reader's language.
    client.force_login(dave)
    from django.conf import settings as django_settings

    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/notifications/").content.decode()
    assert "a phase of a debate you follow ends within a day: opening positions" in html
    assert "the deadline of a phase passed" in html
    assert "A debate to follow" in html


def test_a_passed_deadline_reaches_the_chair_even_unwatched(alice, debate):
    from threads.debates import actions as debate_actions

    Subscription.objects.filter(user=alice).delete()
    now = timezone.now()
    debate_actions.move_phase(acting_user=alice, debate=debate, to_phase="opening", deadline=now + timedelta(hours=2))
    assert following.notify_deadlines(now + timedelta(hours=3)) == 1
    assert kinds(alice) == ["deadline_up"]
    debate_actions.move_phase(acting_user=alice, debate=debate, to_phase="rebuttals")
    assert following.notify_deadlines(now + timedelta(days=30)) == 0  # no deadline now; old ones stay quiet


def test_debate_notices_by_email(alice, dave, debate, django_capture_on_commit_callbacks):
    from threads.debates import actions as debate_actions

    following.save_preferences(acting_user=dave, email="immediate", watch_when_posting=True, language="en")
    following.follow(acting_user=dave, target=debate.thread, level="watching")
    with django_capture_on_commit_callbacks(execute=True):
        debate_actions.move_phase(acting_user=alice, debate=debate, to_phase="rebuttals")
    assert len(mail.outbox) == 1
    assert "moved a debate you follow to another phase: rebuttals" in mail.outbox[0].body
    assert "A debate to follow" in mail.outbox[0].body
