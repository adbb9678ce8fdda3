"""A page claims exactly the events it shows (its streams' heads, read before its queries), so its
socket replays none of them: a replayed live fragment is rendered per audience, without the
reader's own links and forms, and would replace the page's richer part of the same thing.

Seen in CI on the review queue (a moderator's Hide/Dismiss forms vanished): the clock-based
`page_since` claims only events older than two seconds, so anything done just before the page was
opened came back over it. These pages now read their heads first (threads.core.events.heads_first).
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from threads.core import actions, events
from threads.debates import actions as da
from threads.joint import gatherings as g
from threads.joint import statements as st
from threads.models import Debate, StreamEvent

pytestmark = pytest.mark.django_db

START = datetime.datetime(2030, 5, 1, 17, tzinfo=datetime.UTC)


def english(client):
    client.cookies["hamgami_language"] = "en"
    return client


def claimed(page: str, stream: str) -> int:
    """The seq the page's body says it reflects for `stream`."""
    since = page.split('data-live-since="', 1)[1].split('"', 1)[0]
    return int(dict(pair.rsplit("=", 1) for pair in since.split())[stream])


def assert_nothing_replayed(page: str, stream: str) -> None:
    """What the socket would replay for the page's `since`: nothing, since it has all of it."""
    head = events.current_seq(stream)
    assert head > 0, "the test made no event just now"
    assert claimed(page, stream) == head
    assert events.events_after(stream, claimed(page, stream)) == []


def test_a_thread_page_opened_just_after_a_post_replays_nothing(
    client, login, alice, public_thread, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post = actions.create_post(acting_user=alice, thread=public_thread, body="Just now")
    page = login(alice).get(public_thread.get_absolute_url()).content.decode()
    assert f'id="post-{post.pk}"' in page
    assert_nothing_replayed(page, public_thread.stream)


def test_the_thread_page_reads_its_head_before_the_thread(client, login, alice, public_thread):
    """Before every query whose result the page shows, the thread itself too (its heading is
    replaced live by `thread.retitled`): otherwise an event committed between the two reads would
    be claimed but not shown."""
    login(alice).get(public_thread.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        assert client.get(public_thread.get_absolute_url()).status_code == 200
    tables = [q["sql"] for q in queries.captured_queries]
    head_at = next(i for i, sql in enumerate(tables) if "threads_streamhead" in sql)
    thread_at = next(i for i, sql in enumerate(tables) if 'FROM "threads_thread"' in sql)
    assert head_at < thread_at
    assert sum("threads_streamhead" in sql or "threads_streamevent" in sql for sql in tables) == 1


def test_thread_lists_opened_just_after_a_new_thread_replay_nothing(
    client, login, rana, org_a, area, django_capture_on_commit_callbacks
):
    """Home, the area's page and the organization's: their rows carry the reader's unread count,
    which a replayed row lacks."""
    with django_capture_on_commit_callbacks(execute=True):
        thread = actions.create_thread(
            acting_user=rana, title="Fresh", body="Opening", areas=[area], on_behalf_of=org_a
        )
    login(rana)
    for url, stream in (("/", "home"), (area.get_absolute_url(), f"area:{area.slug}"), (org_a.get_absolute_url(), f"org:{org_a.slug}")):
        page = client.get(url).content.decode()
        assert f'id="thread-{thread.pk}"' in page, url
        assert_nothing_replayed(page, stream)


def test_a_debate_page_opened_just_after_a_new_point_replays_nothing(
    client, login, alice, mona, org_a, org_b, area, django_capture_on_commit_callbacks
):
    """The chair's page has the forms that run the debate and the texts' Translate links; the
    replayed ledger would have neither."""
    debate = da.start_debate(
        acting_user=alice, title="A debate", motion="The motion.", body="Let us debate it.",
        difference=Debate.Difference.POLITICAL, areas=[area], organizations=[org_a, org_b], chair=mona,
    )
    with django_capture_on_commit_callbacks(execute=True):
        da.propose_point(acting_user=mona, debate=debate, text="A point made just now")
    for url in (f"/debates/{debate.thread_id}/", debate.thread.get_absolute_url()):
        page = english(login(mona)).get(url).content.decode()
        assert "A point made just now" in page, url
        assert_nothing_replayed(page, debate.thread.stream)


def test_a_statement_page_opened_just_after_a_signature_replays_nothing(
    client, login, rana, org_a, org_b, area, django_capture_on_commit_callbacks
):
    statement = st.draft_statement(
        acting_user=rana, organization=org_a, areas=[area], invite=[org_b],
        texts={"fa": ("بیانیه‌ی مشترک", "متن نخست."), "en": ("Joint statement", "First text.")},
    )
    with django_capture_on_commit_callbacks(execute=True):
        st.respond(acting_user=rana, statement=statement, organization=org_a, language="en", verdict="sign",
                   revision_number=statement.revision("en").number)
    page = login(rana).get(statement.get_absolute_url()).content.decode()
    assert_nothing_replayed(page, statement.stream)


def test_an_event_page_opened_just_after_an_edit_keeps_its_translate_link(
    client, login, alice, org_a, area, django_capture_on_commit_callbacks
):
    """The edited part as the page has it for its organizer (with Translate) is not replaced by
    the live one, which has no such link."""
    gathering = g.propose(
        acting_user=alice, kind="action", title="May Day march", description="Join us.",
        starts_at=START, ends_at=START + datetime.timedelta(hours=3), time_zone="Asia/Tehran",
        areas=[area], organizers=[org_a], place="Tehran",
    )
    with django_capture_on_commit_callbacks(execute=True):
        g.edit_gathering(acting_user=alice, gathering=gathering, title="May Day march", description="Join us.",
                         starts_at=START, ends_at=START + datetime.timedelta(hours=3), time_zone="Asia/Tehran",
                         place="Laleh Park")
    live = StreamEvent.objects.get(stream=gathering.stream, event="gathering.edited").payload["member:en"]
    page = english(login(alice)).get(gathering.get_absolute_url()).content.decode()
    main = page.split('id="gathering-main"', 1)[1].split('id="gathering-organizations"', 1)[0]
    assert "Laleh Park" in main and 'class="translate-link' in main and 'class="translate-link' not in live
    assert_nothing_replayed(page, gathering.stream)
