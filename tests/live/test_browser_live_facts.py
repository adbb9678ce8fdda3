"""What a live post changes beside itself (issue 18): the thread header's reply count, and the
controls of one's own post (Edit, not Flag) in another tab, also after a live edit."""

import re

import pytest

from tests.live.test_browser_live import WAIT, open_thread

pytest_plugins = ["tests.browser_support"]

pytestmark = pytest.mark.browser


def test_live_post_bumps_the_count_and_shows_the_author_edit_not_flag(chromium, live_server_process):
    server = live_server_process
    writer_context, writer, writer_errors = open_thread(chromium, server, "alice")
    mine_context, mine, mine_errors = open_thread(chromium, server, "alice")
    other_context, other, other_errors = open_thread(chromium, server, "bob")
    try:
        count = mine.locator("[data-reply-count]")
        before = int(re.search(r"\d+", count.inner_text()).group())
        writer.locator("textarea[name=body]").fill("My own words, seen in my other tab")
        writer.locator("form.post-form button[type=submit]:not([name=preview])").click()
        writer.wait_for_url("**#post-*", timeout=WAIT)
        own = mine.locator("ol.posts > li", has_text="My own words, seen in my other tab")
        own.wait_for(timeout=WAIT)
        expected = f"{before + 1} repl"
        mine.wait_for_function(
            "(text) => document.querySelector('[data-reply-count]').textContent.includes(text)", arg=expected,
            timeout=WAIT,
        )
        assert own.locator(".edit-link").is_visible()
        assert own.locator(".flag-link, .flag-box").count() == 0
        theirs = other.locator("ol.posts > li", has_text="My own words, seen in my other tab")
        theirs.wait_for(timeout=WAIT)
        assert theirs.locator(".flag-link").is_visible()
        assert theirs.locator(".edit-link").count() == 0
        assert expected in other.locator("[data-reply-count]").inner_text()
        # A live edit replaces the post: the controls stay right.
        post_id = own.get_attribute("data-post")
        writer.goto(f"{server.base_url}/posts/{post_id}/edit/")
        writer.locator("textarea[name=body]").fill("My own words, edited live")
        writer.locator("form.post-form button[type=submit]:not([name=preview])").click()
        edited = mine.locator("ol.posts > li", has_text="My own words, edited live")
        edited.wait_for(timeout=WAIT)
        assert edited.locator(".edit-link").is_visible() and edited.locator(".flag-link, .flag-box").count() == 0
        other.locator("ol.posts > li", has_text="My own words, edited live").wait_for(timeout=WAIT)
        assert other.locator("ol.posts > li", has_text="My own words, edited live").locator(".flag-link").is_visible()
        assert writer_errors == [] and mine_errors == [] and other_errors == []
    finally:
        writer_context.close()
        mine_context.close()
        other_context.close()
