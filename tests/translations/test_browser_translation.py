"""The issue's story in a real browser: alice writes in Persian, bob volunteers and adds English,
dave (English interface) sees the English marked "translated by", live and without reloading,
opens the original (a <details>, no JavaScript), and sees "outdated" after alice edits."""

import re

import pytest

pytest_plugins = ["tests.browser_support"]

pytestmark = pytest.mark.browser

WAIT = 30_000  # ms: live delivery and page loads on a busy 2-core CI
PERSIAN = "ما در کنار اتحادیه‌های کارگری ایستاده‌ایم."
ENGLISH = "We stand beside the labour unions."


def open_page(chromium, server, username, url, language):
    context = chromium.new_context(locale="en-US" if language == "en" else "fa-IR")
    host = re.sub(r"^https?://", "", server.base_url).split(":")[0]
    context.add_cookies([server.session_cookie(username),
                         {"name": "hamgami_language", "value": language, "domain": host, "path": "/"}])
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    return context, page, errors


def test_persian_post_english_translation_switch_and_outdated(chromium, live_server_process):
    server = live_server_process
    alice_context, alice, alice_errors = open_page(chromium, server, "alice", server.thread_url, "fa")
    bob_context, bob, bob_errors = open_page(chromium, server, "bob", server.base_url + "/me/", "en")
    dave_context = None
    try:
        # alice replies in Persian
        alice.locator("textarea[name=body]").fill(PERSIAN)
        alice.locator("form.post-form button[type=submit]:not([name=preview])").click()
        alice.wait_for_selector(f"text={PERSIAN}", timeout=WAIT)
        post = alice.locator("li.post", has_text=PERSIAN)
        post_id = post.get_attribute("data-post")

        # bob volunteers on his account page
        bob.locator("input[name=volunteers_as_translator]").check()
        with bob.expect_navigation():
            bob.locator("section[aria-labelledby=profile-translator] button[type=submit]").click()
        assert bob.locator("input[name=volunteers_as_translator]").is_checked()

        # dave reads the thread in English before bob translates
        dave_context, dave, dave_errors = open_page(chromium, server, "dave", server.thread_url, "en")
        dave_post = dave.locator(f"#post-{post_id}")
        assert PERSIAN in dave_post.inner_text()

        # bob follows "Translate" from the post and saves English
        bob.goto(server.thread_url)
        # (the link is in the page as served; a live replay of the post may re-render it without
        # per-person links, as it does the Edit link, so follow its address)
        href = bob.locator(f"#post-{post_id} a.translate-link").get_attribute("href", timeout=WAIT)
        bob.goto(server.base_url + href)
        bob.locator("textarea[name=body]").fill(ENGLISH)
        bob.locator("form.post-form button[type=submit]").click()
        bob.wait_for_selector(f"#post-{post_id} .translation-mark", timeout=WAIT)

        # dave's open page shows the English with its mark (live), and the original one click away
        dave.wait_for_selector(f"#post-{post_id} .translation-mark", timeout=WAIT)
        text = dave_post.inner_text()
        assert ENGLISH in text and "translated by Bob" in text and PERSIAN not in text
        assert dave_post.locator(".post-translation").get_attribute("lang") == "en"
        original = dave.locator(f"#post-{post_id} details.post-original .post-body")
        assert not original.is_visible()
        dave.locator(f"#post-{post_id} details.post-original summary").click()
        original.wait_for(state="visible", timeout=WAIT)
        assert PERSIAN in original.inner_text() and original.get_attribute("lang") == "fa"

        # alice edits her post: dave sees the translation marked outdated
        alice.goto(server.base_url + f"/posts/{post_id}/edit/")
        alice.locator("textarea[name=body]").fill(PERSIAN + " و اکنون بیشتر.")
        with alice.expect_navigation():
            alice.locator("form.post-form button[type=submit]:not([name=preview])").click()
        dave.goto(server.thread_url)
        dave.wait_for_selector(f"#post-{post_id} .translation-outdated", timeout=WAIT)
        assert "outdated" in dave.locator(f"#post-{post_id}").inner_text()
        assert not (alice_errors or bob_errors or dave_errors)
    finally:
        for context in (alice_context, bob_context, dave_context):
            if context is not None:
                context.close()
