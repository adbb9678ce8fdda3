"""Unread tracking (issue 7): where each person stopped reading, "N new" in thread lists, the jump
to the first unread post, and "new since my last visit"."""

import re

import pytest
from django.conf import settings
from django.utils import timezone

from threads.core import actions
from threads.following import actions as following
from threads.moderation import actions as moderation
from threads.models import FollowPreferences, Notification, Post, ReadState, Thread

pytestmark = pytest.mark.django_db

PAGE = settings.HAMGAMI["PAGE_SIZE"]


def text(response) -> str:
    return response.content.decode()


def last_read(user, thread) -> int | None:
    return ReadState.objects.filter(user=user, thread=thread).values_list("last_read_post_id", flat=True).first()


def grow(thread, n, *authors):
    """The thread grows to n posts, written in turn by `authors` after the opening post."""
    start = thread.posts.order_by("created_at").values_list("created_at", flat=True).first()
    existing = thread.posts.count()
    Post.objects.bulk_create(
        Post(
            thread=thread, author=authors[i % len(authors)], body_source=f"post {i}", body_html=f"<p>post {i}</p>",
            created_at=start + timezone.timedelta(seconds=i),
        )
        for i in range(existing, n)
    )
    Thread.objects.filter(pk=thread.pk).update(post_count=n)


def new_badge(html: str, thread) -> str | None:
    """The text of the "N new" link in the thread's row, or None."""
    row = re.search(rf'<li class="thread-row[^"]*" id="thread-{thread.pk}".*?</li>', html, re.S)
    assert row, f"no row for thread {thread.pk}"
    link = re.search(rf'<a class="unread-count" href="/threads/{thread.pk}/unread/">(.*?)<span', row.group(0), re.S)
    return link.group(1).strip() if link else None


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


# --- the action ------------------------------------------------------------------------------


def test_mark_read_is_one_upsert_and_only_moves_forward(alice, public_thread, django_assert_num_queries):
    opening = public_thread.posts.get()
    with django_assert_num_queries(1):  # INSERT … ON CONFLICT DO UPDATE (no read first)
        following.mark_read(alice, public_thread, up_to_post=opening)
    assert last_read(alice, public_thread) == opening.pk
    with django_assert_num_queries(1):
        following.mark_read(alice, public_thread, up_to_post=opening.pk + 10)
    following.mark_read(alice, public_thread, up_to_post=opening.pk)  # page 1 read again
    assert last_read(alice, public_thread) == opening.pk + 10
    assert ReadState.objects.filter(user=alice).count() == 1


def test_mark_read_ignores_visitors(public_thread, django_assert_num_queries):
    from accounts.access import anonymous

    with django_assert_num_queries(0):
        following.mark_read(anonymous(), public_thread, up_to_post=1)


def test_reading_the_posts_marks_their_notices_read(client, alice, bob, public_thread):
    actions.create_post(acting_user=bob, thread=public_thread, body="@alice look")
    assert following.unread_count(alice.pk) == 1  # also fills the bell's cache
    client.force_login(alice)
    client.get(public_thread.get_absolute_url())
    assert not Notification.objects.filter(user=alice, read_at__isnull=True).exists()


# --- the thread page records what it showed ----------------------------------------------------


def test_thread_page_records_the_last_post_shown(client, alice, bob, public_thread):
    grow(public_thread, PAGE * 2 + 5, alice, bob)
    posts = list(public_thread.posts.order_by("created_at", "pk").values_list("pk", flat=True))
    client.force_login(bob)
    client.get(public_thread.get_absolute_url())
    assert last_read(bob, public_thread) == posts[PAGE - 1]
    client.get(public_thread.get_absolute_url() + "?page=3")
    assert last_read(bob, public_thread) == posts[-1]
    client.get(public_thread.get_absolute_url())  # back to the start: still read to the end
    assert last_read(bob, public_thread) == posts[-1]


def test_visitors_leave_no_trace(client, public_thread):
    assert client.get(public_thread.get_absolute_url()).status_code == 200
    assert not ReadState.objects.exists()


# --- "N new" in thread lists -------------------------------------------------------------------


def test_lists_show_new_posts_since_last_read(english, alice, bob, rana, mona, area, org_a, public_thread):
    client = english
    client.force_login(alice)
    client.get(public_thread.get_absolute_url())
    assert new_badge(text(client.get("/")), public_thread) is None  # all read
    actions.create_post(acting_user=bob, thread=public_thread, body="one")
    hidden = actions.create_post(acting_user=bob, thread=public_thread, body="two")
    actions.create_post(acting_user=bob, thread=public_thread, body="three")
    actions.create_post(acting_user=alice, thread=public_thread, body="my own does not count")
    moderation.hide_post(acting_user=mona, post=hidden, reason="off topic")
    for url in ("/", f"/areas/{area.slug}/"):
        assert new_badge(text(client.get(url)), public_thread) == "2 new", url
    # A thread never opened shows no count (it is new as a whole: see /new/).
    other = actions.create_thread(acting_user=bob, title="Unread whole", body="x", areas=[area])
    assert new_badge(text(client.get("/")), other) is None
    # Muted: no count.
    following.follow(acting_user=alice, target=public_thread, level="muted")
    assert new_badge(text(client.get("/")), public_thread) is None
    # Visitors: never.
    client.logout()
    assert 'class="unread-count"' not in text(client.get("/"))


def test_organization_page_shows_new_posts(english, alice, rana, org_a, area):
    client = english
    thread = actions.create_thread(acting_user=rana, title="On behalf", body="x", areas=[area], on_behalf_of=org_a)
    client.force_login(alice)
    client.get(thread.get_absolute_url())
    actions.create_post(acting_user=rana, thread=thread, body="more")
    assert new_badge(text(client.get(org_a.get_absolute_url())), thread) == "1 new"


def test_list_pages_cost_one_query_more_for_unread_however_many_rows(
    client, alice, bob, area, django_assert_num_queries
):
    """Home 7 → 8 and the area page 10 → 11 (12 with the follow box's level) for a member (tests/core/test_threads.py pins them): the
    one added query counts new posts for every row read before; it does not grow with rows."""
    client.force_login(alice)
    threads = [actions.create_thread(acting_user=alice, title=f"T{i}", body="x", areas=[area]) for i in range(3)]
    for thread in threads:
        following.mark_read(alice, thread, up_to_post=thread.posts.get())
        actions.create_post(acting_user=bob, thread=thread, body="new")
    client.get("/")  # warm what a first request warms
    with django_assert_num_queries(8):
        assert text(client.get("/")).count('class="unread-count"') == 3
    for i in range(3, 25):
        thread = actions.create_thread(acting_user=alice, title=f"T{i}", body="x", areas=[area])
        following.mark_read(alice, thread, up_to_post=thread.posts.get())
        actions.create_post(acting_user=bob, thread=thread, body="new")
    with django_assert_num_queries(8):
        assert text(client.get("/")).count('class="unread-count"') == 25
    with django_assert_num_queries(12):  # + the follow level in the area's follow box, + its most used tags (issue 19)
        assert text(client.get(f"/areas/{area.slug}/")).count('class="unread-count"') == 25


# --- jump to the first unread ------------------------------------------------------------------


def test_jump_to_first_unread_goes_to_its_page_and_anchor(client, alice, bob, public_thread):
    grow(public_thread, PAGE + 10, alice, bob)
    posts = list(public_thread.posts.order_by("created_at", "pk").values_list("pk", flat=True))
    url = f"/threads/{public_thread.pk}/unread/"
    client.force_login(bob)
    # Never opened: from the start.
    assert client.get(url)["Location"] == public_thread.get_absolute_url()
    client.get(public_thread.get_absolute_url())  # page 1 read
    assert client.get(url)["Location"] == f"{public_thread.get_absolute_url()}?page=2#post-{posts[PAGE]}"
    client.get(public_thread.get_absolute_url() + "?page=2")  # all read: the last post
    assert client.get(url)["Location"] == f"{public_thread.get_absolute_url()}?page=2#post-{posts[-1]}"


def test_jump_to_first_unread_checks_access(client, dave, members_thread, public_thread):
    assert client.get(f"/threads/{members_thread.pk}/unread/").status_code == 404
    client.force_login(dave)
    assert client.get(f"/threads/{members_thread.pk}/unread/").status_code == 404
    assert client.get("/threads/999999/unread/").status_code == 404
    # A visitor is sent to the thread's start.
    client.logout()
    assert client.get(f"/threads/{public_thread.pk}/unread/")["Location"] == public_thread.get_absolute_url()


# --- new since my last visit -------------------------------------------------------------------


def test_new_since_last_visit(english, alice, bob, dave, area, public_thread, members_thread):
    client = english
    client.force_login(dave)
    html = text(client.get("/new/"))
    assert "in the past week" in html
    assert public_thread.title in html and members_thread.title not in html  # dave is no member
    client.post("/new/")
    assert FollowPreferences.objects.get(user=dave).last_visit_at is not None
    html = text(client.get("/new/"))
    assert public_thread.title not in html and "Nothing new since your last visit." in html
    actions.create_post(acting_user=bob, thread=public_thread, body="after the visit")
    actions.create_post(acting_user=bob, thread=members_thread, body="secret after the visit")
    html = text(client.get("/new/"))
    assert public_thread.title in html and "1 new post" in html
    assert members_thread.title not in html
    assert f'href="/threads/{public_thread.pk}/unread/"' in html
    # A member sees both; their own posts do not make a thread new.
    client.force_login(alice)
    client.post("/new/")
    actions.create_post(acting_user=alice, thread=public_thread, body="mine")
    actions.create_post(acting_user=bob, thread=members_thread, body="theirs")
    html = text(client.get("/new/"))
    assert members_thread.title in html and public_thread.title not in html


def test_new_since_last_visit_checks_access(client):
    assert client.get("/new/").status_code == 302
    assert client.post("/new/").status_code == 302
    assert not FollowPreferences.objects.exists()


def test_new_since_last_visit_queries_do_not_grow(client, alice, bob, area, django_assert_num_queries):
    client.force_login(alice)
    for i in range(3):
        thread = actions.create_thread(acting_user=bob, title=f"T{i}", body="x", areas=[area])
    # session, user, last visit, count (paginator), threads with their new posts (+author, org),
    # their areas, memberships (header)
    with django_assert_num_queries(7):
        client.get("/new/")
    for i in range(3, 40):
        thread = actions.create_thread(acting_user=bob, title=f"T{i}", body="x", areas=[area])
        actions.create_post(acting_user=bob, thread=thread, body="more")
    with django_assert_num_queries(7):
        assert text(client.get("/new/")).count('class="unread-count"') == 30
