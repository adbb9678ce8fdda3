"""Reading writes nothing (issue 16): every main page, signed in and not, loaded through the test
client on the demo's data, and the INSERT/UPDATE/DELETE statements it sends counted.

The one write a GET may make is recording where a signed-in reader stopped in a thread (its
ReadState, and the notices about the posts now read) — and that only when the position moves: a
repeat view of any page writes nothing, whoever reads it.
"""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from accounts.models import Organization, User
from threads.core import actions
from threads.following import actions as following
from threads.following.models import Notification, ReadState
from threads.joint.models import Gathering, Statement
from threads.models import Area, Debate, Post, Thread

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.I)
# The writes a first view of a thread may make: where the reader stopped, the notices now read.
READ_POSITION = (ReadState._meta.db_table, Notification._meta.db_table)


@pytest.fixture
def demo(db, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    with override_settings(DEBUG=True):
        call_command("seed_demo", verbosity=0)


def main_pages() -> dict[str, str]:
    thread = Thread.objects.filter(kind=Thread.Kind.DISCUSSION, visibility=Thread.Visibility.PUBLIC).order_by("pk").first()
    debate = Debate.objects.select_related("thread").filter(thread__visibility=Thread.Visibility.PUBLIC).order_by("pk").first()
    area = Area.objects.order_by("number").first()
    org = Organization.objects.order_by("pk").first()
    pages = {
        "home": "/",
        "area": f"/areas/{area.slug}/",
        "thread": thread.get_absolute_url(),
        "thread page 2": thread.get_absolute_url() + "?page=2",
        "debate thread": debate.thread.get_absolute_url(),
        "debate panel": f"/debates/{debate.thread_id}/",
        "ledger (area)": f"/debates/areas/{area.slug}/",
        "ledger (organization)": f"/debates/orgs/{org.slug}/",
        "crux map": "/debates/crux/",
        "orgs": "/orgs/",
        "org": f"/orgs/{org.slug}/",
        "search": "/search/?q=strike",
        "calendar": "/calendar/",
        "statements": "/statements/",
        "new since last visit": "/new/",
        "notifications": "/notifications/",
        "notices": "/moderation/notices/",
        "feed": "/feeds/",
    }
    statement = Statement.objects.order_by("pk").first()
    if statement is not None:
        pages["statement"] = statement.get_absolute_url()
    gathering = Gathering.objects.order_by("pk").first()
    if gathering is not None:
        pages["event"] = f"/events/{gathering.pk}/"
        pages["event history"] = f"/events/{gathering.pk}/history/"
    return pages


def writes_of(client, url) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url).status_code
    return status, [q["sql"] for q in queries.captured_queries if WRITE.match(q["sql"])]


def test_a_visitor_writes_nothing(client, demo):
    for name, url in main_pages().items():
        for view in ("first", "repeat"):
            status, writes = writes_of(client, url)
            assert status in (200, 302), (name, status)
            assert writes == [], f"{view} view of {name} ({url}) wrote: {writes}"


@pytest.mark.parametrize("username", ["alice", "mona"])
def test_a_signed_in_reader_writes_only_where_they_stopped_and_a_repeat_view_nothing(client, demo, username):
    user = User.objects.get(username=username)
    client.force_login(user)
    # The bell has something to count (so the thread page looks for notices to mark read), but not
    # about the threads read here: an UPDATE matching no row is a write too.
    bob = User.objects.get(username="bob")
    other = actions.create_thread(acting_user=bob, title="Elsewhere", body=f"@{user.handle} over here", areas=[Area.objects.first()])
    assert following.unread_count(user.pk) >= 1
    pages = main_pages()
    for name, url in pages.items():
        status, writes = writes_of(client, url)
        assert status == 200, (name, status)
        stray = [sql for sql in writes if not any(table in sql for table in READ_POSITION)]
        assert stray == [], f"first view of {name} ({url}) wrote: {stray}"
        status, writes = writes_of(client, url)
        assert writes == [], f"repeat view of {name} ({url}) wrote: {writes}"
    assert Notification.objects.filter(user=user, thread=other, read_at__isnull=True).exists()


def test_reading_a_mention_marks_it_read_once(client, demo):
    alice, bob = User.objects.get(username="alice"), User.objects.get(username="bob")
    thread = actions.create_thread(acting_user=bob, title="Look", body="@alice look", areas=[Area.objects.first()])
    following.unread_count(alice.pk)
    client.force_login(alice)
    status, writes = writes_of(client, thread.get_absolute_url())
    assert status == 200
    assert any(Notification._meta.db_table in sql for sql in writes)  # the mention, now read
    assert not Notification.objects.filter(user=alice, thread=thread, read_at__isnull=True).exists()
    status, writes = writes_of(client, thread.get_absolute_url())
    assert writes == []
    # A new post moves the end of the thread: the next view records it, once.
    actions.create_post(acting_user=bob, thread=thread, body="more")
    status, writes = writes_of(client, thread.get_absolute_url())
    assert [sql for sql in writes if ReadState._meta.db_table in sql]
    assert ReadState.objects.get(user=alice, thread=thread).last_read_post_id == Post.objects.filter(thread=thread).latest("pk").pk
    assert writes_of(client, thread.get_absolute_url())[1] == []
