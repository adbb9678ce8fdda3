"""The bell counts live in a real browser: someone mentions the reader, the count changes without
a reload, is announced politely, and the focus stays where the reader left it."""

import pytest

pytest_plugins = ["tests.browser_support"]

pytestmark = pytest.mark.browser

WAIT = 30_000  # ms: live delivery and page loads on a busy 2-core CI


def open_page(chromium, server, username, url):
    context = chromium.new_context(locale="en-US")
    context.add_cookies([server.session_cookie(username)])
    page = context.new_page()
    page.frames_received = frames = []
    page.on("websocket", lambda socket: socket.on("framereceived", lambda payload: frames.append(payload)))
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(url)
    return context, page, errors


def wait_until_subscribed(page, prefix: str) -> None:
    """Until the page's socket has confirmed a subscription to a stream starting with `prefix`
    (frames are read as Playwright reports them; each short wait lets it deliver events)."""
    import json
    import time

    deadline = time.monotonic() + WAIT / 1000
    while time.monotonic() < deadline:
        for frame in page.frames_received:
            message = json.loads(frame) if isinstance(frame, str) else {}
            if message.get("type") == "subscribed" and message.get("stream", "").startswith(prefix):
                return
        page.wait_for_timeout(20)
    raise AssertionError(f"the page never subscribed to {prefix}…")


def test_the_bell_counts_a_mention_live(chromium, live_server_process):
    server = live_server_process
    # dave reads the list of organizations: a page with no live stream of its own.
    reader_context, reader, reader_errors = open_page(chromium, server, "dave", server.base_url + "/orgs/")
    writer_context, writer, writer_errors = open_page(chromium, server, "bob", server.thread_url)
    try:
        number = reader.locator("[data-bell] [data-bell-number]")
        before = int(reader.locator("[data-bell]").get_attribute("data-bell-count"))
        # The socket is open and following dave's own stream before anyone writes.
        reader.wait_for_function(
            "() => performance.getEntriesByType('resource').some((e) => e.name.includes('/static/js/bell.js'))",
            timeout=WAIT,
        )
        reader.evaluate("window.__notReloaded = true")
        reader.locator("#main").focus()
        focused = reader.evaluate("document.activeElement.id")
        wait_until_subscribed(reader, "user:")
        writer.locator("textarea[name=body]").fill("@dave what do you think?")
        writer.locator("form.post-form button[type=submit]:not([name=preview])").click()
        writer.wait_for_url("**#post-*", timeout=WAIT)
        reader.wait_for_function(
            f"() => document.querySelector('[data-bell]').dataset.bellCount === '{before + 1}'", timeout=WAIT
        )
        assert number.is_visible() and number.inner_text() == str(before + 1)
        status = reader.locator("[data-bell-status]")
        assert status.get_attribute("aria-live") == "polite"
        assert status.inner_text() == ("1 unread notification" if before == 0 else f"{before + 1} unread notifications")
        assert reader.evaluate("document.activeElement.id") == focused == "main"
        assert reader.evaluate("window.__notReloaded") is True
        assert reader_errors == [] and writer_errors == []
    finally:
        reader_context.close()
        writer_context.close()
