"""A post corrected for privacy (a moderator's edit that hides its history) cannot be quoted, so
its "Quote" link is not offered: not on the thread page, fresh or assembled from kept pieces, nor
in the live event the correction sends; the page costs the same queries with such posts."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.core.test_post_fragments import assert_same, page
from threads.core import actions
from threads.core.events import capture_events
from threads.moderation import actions as moderation

pytestmark = pytest.mark.django_db


def post_item(html: str, post) -> str:
    found = re.search(rf'<li class="post [^"]*" id="post-{post.pk}".*?</li>', html, re.S)
    assert found, f"post {post.pk} is on the page"
    return found.group(0)


def correct(post, mona):
    moderation.edit_post_as_moderator(
        acting_user=mona, post=post, body="My phone is (removed).", reason="Privacy", hide_history=True
    )


@pytest.fixture
def corrected(public_thread, bob, mona):
    post = actions.create_post(acting_user=bob, thread=public_thread, body="My phone is 0912 000 0000.")
    correct(post, mona)
    return post


@pytest.mark.parametrize("kept", [False, True])
def test_a_corrected_post_offers_no_quote_link(kept, public_thread, corrected, alice, bob, dave, mona, settings):
    edited = actions.create_post(acting_user=bob, thread=public_thread, body="Words I will change.")
    actions.edit_post(acting_user=bob, post=edited, body="Words I changed myself.")  # edited, not corrected
    url = public_thread.get_absolute_url()
    for reader in (alice, dave, mona):
        for language in ("fa", "en"):
            html = page(url, reader, language, settings, kept=kept)
            assert "quote-post-link" not in post_item(html, corrected), (reader, language)
            assert "quote-post-link" in post_item(html, edited)
            assert "My phone is (removed)." in post_item(html, corrected)  # still shown, still answerable
            assert "reply-link" in post_item(html, corrected)


def test_the_assembled_page_is_the_fresh_one_before_and_after_the_correction(public_thread, bob, alice, mona, settings):
    post = actions.create_post(acting_user=bob, thread=public_thread, body="My phone is 0912 000 0000.")
    url = public_thread.get_absolute_url()
    assert "quote-post-link" in post_item(assert_same(url, alice, "en", settings), post)  # kept while quotable
    correct(post, mona)
    assert "quote-post-link" not in post_item(assert_same(url, alice, "en", settings), post)


def test_the_live_event_of_the_correction_offers_no_quote_link(public_thread, bob, mona,
                                                              django_capture_on_commit_callbacks):
    post = actions.create_post(acting_user=bob, thread=public_thread, body="My phone is 0912 000 0000.")
    with capture_events() as events, django_capture_on_commit_callbacks(execute=True):
        actions.edit_post(acting_user=bob, post=post, body="My phone is 0912 000 0001.")
    edited = [e for e in events if e.event == "post.edited"]
    assert edited and all("quote-post-link" in edited[0].payload[key] for key in ("visitor:en", "member:fa"))
    with capture_events() as events, django_capture_on_commit_callbacks(execute=True):
        correct(post, mona)
    corrected = [e for e in events if e.event == "post.edited"]
    assert corrected
    for key in ("visitor:en", "member:fa", "moderator:en"):
        fragment = corrected[-1].payload[key]
        assert "My phone is (removed)." in fragment and "quote-post-link" not in fragment, key


@pytest.mark.parametrize("who", ["visitor", "alice"])
def test_the_page_costs_the_same_queries_with_corrected_posts(who, client, public_thread, alice, bob, mona):
    if who == "alice":
        client.force_login(alice)
    for n in range(3):
        actions.create_post(acting_user=bob, thread=public_thread, body=f"Reply number {n} with 0912 000 000{n}.")
    url = public_thread.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for post in public_thread.posts.exclude(author=alice):
        correct(post, mona)
    with CaptureQueriesContext(connection) as after:
        html = client.get(url).content.decode()
    assert len(after.captured_queries) == len(before.captured_queries)
    assert html.count("quote-post-link") == 1  # the opening post's only


def test_a_members_only_corrected_post_stays_invisible_to_outsiders(members_thread, bob, mona):
    post = actions.create_post(acting_user=bob, thread=members_thread, body="My phone is 0912 000 0000.")
    correct(post, mona)
    assert Client().get(members_thread.get_absolute_url()).status_code == 404
