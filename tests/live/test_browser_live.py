"""Two people in two browsers see each other's posts live; without JavaScript the page still works."""

import pytest

pytest_plugins = ["tests.browser_support"]

pytestmark = pytest.mark.browser

WAIT = 30_000  # ms: the longest any wait for an element may take (live delivery on a busy 2-core CI)


def open_thread(chromium, server, username, **context_options):
    context = chromium.new_context(locale="en-US", **context_options)
    context.add_cookies([server.session_cookie(username)])
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(server.thread_url)
    return context, page, errors


def test_a_post_in_one_browser_appears_in_the_other_without_reload(chromium, live_server_process):
    server = live_server_process
    writer_context, writer, writer_errors = open_thread(chromium, server, "alice")
    reader_context, reader, reader_errors = open_thread(chromium, server, "bob")
    try:
        reader.evaluate("window.__notReloaded = true")
        writer.locator("textarea[name=body]").fill("Seen live by a comrade")
        writer.locator("form.post-form button[type=submit]:not([name=preview])").click()
        writer.wait_for_url("**#post-*", timeout=WAIT)
        reader.locator("ol.posts > li", has_text="Seen live by a comrade").wait_for(timeout=WAIT)
        assert reader.evaluate("window.__notReloaded") is True
        assert reader.locator("ol.posts > li").count() == 2
        # The reader's page is the same thread page, in order: the new post comes last.
        assert "Seen live by a comrade" in reader.locator("ol.posts > li").last.inner_text()
        # And back: the reader replies, the writer sees it.
        writer.evaluate("window.__notReloaded = true")
        reader.locator("textarea[name=body]").fill("And the answer, live too")
        reader.locator("form.post-form button[type=submit]:not([name=preview])").click()
        writer.locator("ol.posts > li", has_text="And the answer, live too").wait_for(timeout=WAIT)
        assert writer.evaluate("window.__notReloaded") is True
        assert writer_errors == [] and reader_errors == []
    finally:
        writer_context.close()
        reader_context.close()


def test_without_javascript_the_thread_reads_and_posts(chromium, live_server_process):
    server = live_server_process
    context, page, _errors = open_thread(chromium, server, "alice", java_script_enabled=False)
    try:
        assert page.locator("h1").inner_text() == "Live thread"
        assert page.locator("ol.posts > li").first.is_visible()
        page.locator("textarea[name=body]").fill("Posted without JavaScript")
        page.locator("form.post-form button[type=submit]:not([name=preview])").click()
        page.locator("ol.posts > li", has_text="Posted without JavaScript").wait_for(timeout=WAIT)
    finally:
        context.close()
