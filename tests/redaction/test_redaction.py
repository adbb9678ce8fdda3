"""Redaction (issue 17): a moderator's edit made to remove information, and an account deleted at
/me/delete/, leave no copy of the removed text where others can read it: the revision history
(moderators only), the search index, the stored live events, the cached pages, the feeds."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

from tests.conftest import PASSWORD
from threads.core import actions
from threads.moderation import actions as moderation
from threads.following import search
from threads.models import Post, SearchDocument, StreamEvent

pytestmark = pytest.mark.django_db

MARKER = "zq7secret5551234"  # a token no other text has


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.HAMGAMI = {**settings.HAMGAMI, "PAGE_CACHE_SECONDS": 60}


def in_cache(marker: str) -> bool:
    """Whether any kept value of the test's in-process cache holds the marker (pickled str: UTF-8)."""
    return any(marker.encode() in value for value in cache._cache.values())


def in_events(marker: str) -> bool:
    return any(marker in str(event.payload) for event in StreamEvent.objects.all())


def in_index(marker: str) -> bool:
    if SearchDocument.objects.filter(text__contains=search.tokens(marker)[0]).exists():
        return True
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {search.FTS_TABLE} WHERE text MATCH %s", [f'"{search.tokens(marker)[0]}"'])
            return cursor.fetchone()[0] > 0
    return False


def visit_pages(thread, area) -> list[str]:
    visitor = Client()
    return [
        visitor.get(url).content.decode()
        for url in (thread.get_absolute_url(), "/", f"/areas/{area.slug}/", f"/feeds/threads/{thread.pk}/", "/feeds/")
    ]


@pytest.fixture
def leaked(public_thread, bob, area, django_capture_on_commit_callbacks):
    """bob's reply holds a phone number (the marker); visitors have seen it, so it is cached."""
    with django_capture_on_commit_callbacks(execute=True):
        post = actions.create_post(acting_user=bob, thread=public_thread, body=f"Call me at {MARKER} any time")
    pages = visit_pages(public_thread, area)
    assert MARKER in pages[0] and in_cache(MARKER) and in_events(MARKER) and in_index(MARKER)
    assert f"/posts/{post.pk}/" in Client().get("/search/", {"q": MARKER}).content.decode()
    return post


def test_a_redacting_edit_leaves_no_copy_anywhere(client, leaked, mona, public_thread, area, django_capture_on_commit_callbacks):
    client.force_login(mona)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/moderation/posts/{leaked.pk}/",
            {"do": "edit", "body": "Call me at [removed] any time", "reason": "Private phone number", "hide_history": "on"},
        )
    assert response.status_code == 302
    assert not in_index(MARKER), "search index"
    assert not in_events(MARKER), "stored live events"
    assert not in_cache(MARKER), "cached pages"
    for page in visit_pages(public_thread, area):
        assert MARKER not in page
    assert f"/posts/{leaked.pk}/" not in Client().get("/search/", {"q": MARKER}).content.decode()  # no result
    assert not search.search_posts(mona, MARKER).exists()
    # the post's own stored event now carries the new text, so a page catching up shows it
    assert any("[removed]" in str(e.payload) for e in StreamEvent.objects.filter(stream=public_thread.stream))


def test_the_history_is_hidden_from_all_but_moderators(client, leaked, mona, alice, bob, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        moderation.edit_post_as_moderator(
            acting_user=mona, post=leaked, body="Call me at [removed] any time", reason="Private phone number", hide_history=True
        )
    url = f"/posts/{leaked.pk}/revisions/"
    for reader in (None, alice, bob):
        c = Client(HTTP_ACCEPT_LANGUAGE="en")
        if reader:
            c.force_login(reader)
        page = c.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert MARKER not in page
        assert "a moderator hid it" in page and "Private phone number" in page
        assert "[removed]" in page
    client.force_login(mona)
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert MARKER in page and "only moderators see this version" in page


def test_an_edit_without_hiding_keeps_the_history_public(leaked, mona, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        moderation.edit_post_as_moderator(acting_user=mona, post=leaked, body="Call me later", reason="Tone")
    assert MARKER in Client().get(f"/posts/{leaked.pk}/revisions/").content.decode()
    assert not in_index(MARKER)  # the index always follows the text


def test_the_authors_own_edits_keep_their_public_history(client, leaked, bob, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        actions.edit_post(acting_user=bob, post=leaked, body="Call me later")
    assert MARKER in Client().get(f"/posts/{leaked.pk}/revisions/").content.decode()


def test_deleting_an_account_leaves_no_copy_of_the_name(client, public_thread, area, django_capture_on_commit_callbacks):
    from tests.conftest import join, make_user

    name = f"Person {MARKER}"
    person = make_user("ghost", display_name=name)
    join(person, public_thread.author.memberships.first().organization)
    with django_capture_on_commit_callbacks(execute=True):
        actions.create_post(acting_user=person, thread=public_thread, body="Something I said")
    visit_pages(public_thread, area)
    assert in_cache(MARKER) and in_events(MARKER)
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/me/delete/", {"password": PASSWORD}).status_code == 302
    assert not in_events(MARKER), "stored live events"
    assert not in_cache(MARKER), "cached pages"
    assert not in_index(MARKER), "search index"
    for page in visit_pages(public_thread, area):
        assert MARKER not in page
    assert Post.objects.filter(body_source="Something I said").exists()  # the post stays, by "deleted user"
