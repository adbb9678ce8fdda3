"""Quoting a post with JavaScript (issue 20): bob has begun a reply, puts the caret in the middle of
it and follows "Quote" on alice's post. The quote (Markdown: a blockquote with a link to the post
and its author) lands at the caret, the page stays where it is, and the posted reply shows it."""

import re

import pytest

pytest_plugins = ["tests.browser_support"]
pytestmark = pytest.mark.browser

WAIT = 30_000  # ms: live delivery and page loads on a busy 2-core CI


def test_quote_goes_in_at_the_caret(chromium, live_server_process):
    server = live_server_process
    context = chromium.new_context(locale="en-US")
    host = re.sub(r"^https?://", "", server.base_url).split(":")[0]
    context.add_cookies([server.session_cookie("bob"),
                         {"name": "hamgami_language", "value": "en", "domain": host, "path": "/"}])
    page = context.new_page()
    page.set_default_timeout(WAIT)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(server.thread_url)
        opening = page.locator("li.post").first
        post_id = opening.get_attribute("data-post")
        box = page.locator("#reply textarea[name=body]")
        box.fill("Agreed. I add one thing.")
        box.evaluate("b => b.setSelectionRange(7, 7)")  # the caret after "Agreed."
        url_before = page.url
        opening.locator("a.quote-post-link").click()
        page.wait_for_function(
            "() => document.querySelector('#reply textarea[name=body]').value.includes('> Opening post')"
        )
        assert page.url == url_before  # no page load: the quote came from /posts/<id>/quote/
        value = box.input_value()
        assert value.startswith("Agreed.\n\n> Opening post\n>\n> — [Alice](/people/")
        assert f"in [this post](/posts/{post_id}/#post-{post_id})" in value
        assert value.endswith("\n\n I add one thing.")
        assert box.evaluate("b => document.activeElement === b")
        # the caret stands after the quote: typing goes there
        page.keyboard.type("Indeed")
        assert "\n\nIndeed I add one thing." in box.input_value()

        with page.expect_navigation():
            page.locator("form.post-form button[type=submit]:not([name=preview])").click()
        posted = page.locator("li.post").last
        posted.locator("blockquote").first.wait_for()
        assert "Opening post" in posted.locator("blockquote").first.inner_text()
        assert posted.locator(f"blockquote a[href='/posts/{post_id}/#post-{post_id}']").count() == 1
        assert not errors
    finally:
        context.close()
