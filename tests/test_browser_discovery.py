"""Finding your way in a real browser (issue 19): search from the header, the header's height at
360 px, a person's page reached from a post, and an @mention completed with the keyboard."""

import pytest

pytest_plugins = ["tests.browser_support"]

pytestmark = pytest.mark.browser

WAIT = 30_000  # ms: live delivery and page loads on a busy 2-core CI


def open_page(chromium, server, url, *, username=None, language="en", width=1280):
    context = chromium.new_context(viewport={"width": width, "height": 800}, locale="en-US")
    context.add_cookies([{"name": "hamgami_language", "value": language, "url": server.base_url}])
    if username:
        context.add_cookies([server.session_cookie(username)])
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(url)
    return context, page, errors


@pytest.mark.parametrize("language", ["en", "fa"])
def test_search_from_the_header(chromium, live_server_process, language):
    server = live_server_process
    context, page, errors = open_page(chromium, server, server.base_url + "/orgs/", language=language)
    try:
        field = page.locator("#site-search")
        assert field.is_visible()  # wide screen: the field stands in the bar
        field.fill("Opening")
        field.press("Enter")
        page.wait_for_url("**/search/?q=Opening**", timeout=WAIT)
        assert page.locator(".result-list .result").count() >= 1
        assert page.locator(".result-list").get_by_text("Live thread").count() >= 1
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "fa"])
def test_header_fits_in_two_lines_at_360_px_and_its_search_opens_without_javascript(chromium, live_server_process, language):
    server = live_server_process
    for username in (None, "alice"):
        context = chromium.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
        context.add_cookies([{"name": "hamgami_language", "value": language, "url": server.base_url}])
        if username:
            context.add_cookies([server.session_cookie(username)])
        page = context.new_page()
        try:
            page.goto(server.thread_url)
            header = page.locator(".site-header").bounding_box()
            line = page.locator(".header-menu > summary").bounding_box()["height"]
            # At most two lines of the header's buttons, padding included.
            assert header["height"] <= 2 * line + 40, (language, username, header["height"], line)
            assert not page.locator("#site-search").is_visible()
            assert not page.locator(".site-nav").is_visible()
            page.locator(".header-search > summary").click()
            assert page.locator("#site-search").is_visible()
            scope = page.locator(".header-search input[name=thread]")
            assert scope.is_visible()
            page.locator("#site-search").fill("Opening")
            scope.check()
            page.locator(".header-search-form button[type=submit]").click()
            page.wait_for_url("**/search/**", timeout=WAIT)
            assert "thread=" in page.url
            assert page.locator(".result-list .result").count() >= 1
            page.goto(server.thread_url)
            page.locator(".header-menu > summary").click()
            assert page.locator(".site-nav").is_visible()
        finally:
            context.close()


@pytest.mark.parametrize("language", ["en", "fa"])
def test_a_persons_page_reached_from_a_post(chromium, live_server_process, language):
    server = live_server_process
    context, page, errors = open_page(chromium, server, server.thread_url, language=language)
    try:
        author = page.locator(".post .byline a.author").first
        assert author.inner_text() == "Alice"
        author.click()
        page.wait_for_url("**/people/alice/", timeout=WAIT)
        assert page.locator("h1").inner_text() == "Alice"
        assert page.locator(".person-posts").get_by_text("Live thread").count() >= 1
        assert page.locator("link[rel=alternate][type='application/atom+xml']").get_attribute("href") == "/feeds/people/alice/"
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "fa"])
def test_a_mention_completed_with_the_keyboard(chromium, live_server_process, language):
    server = live_server_process
    context, page, errors = open_page(chromium, server, server.thread_url, username="bob", language=language)
    try:
        box = page.locator("textarea[name=body]")
        box.click()
        box.press_sequentially("Thanks @da", delay=20)
        option = page.locator(".mention-list [role=option]").first
        option.wait_for(state="visible", timeout=WAIT)
        assert box.get_attribute("aria-controls") == page.locator(".mention-list").get_attribute("id")
        assert box.get_attribute("aria-activedescendant") == option.get_attribute("id")
        page.wait_for_function("() => document.getElementById('live-announce').textContent.length > 0", timeout=WAIT)
        box.press("Enter")
        assert box.input_value() == "Thanks @dave "
        assert page.locator(".mention-list").is_hidden()
        page.wait_for_function(
            "() => document.getElementById('live-announce').textContent.includes('@dave')", timeout=WAIT
        )
        assert page.evaluate("document.activeElement.name") == "body"
        box.press_sequentially("what do you think?", delay=5)
        page.locator("form.post-form button[type=submit]:not([name=preview])").click()
        link = page.locator(".post-body a[href=\"/people/dave/\"]", has_text="@dave").last
        link.wait_for(timeout=WAIT)
        assert link.get_attribute("href") == "/people/dave/"
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "fa"])
def test_a_tag_page_from_a_thread(chromium, live_server_process, language):
    server = live_server_process
    context, page, errors = open_page(chromium, server, server.base_url + "/threads/new/", username="bob", language=language)
    try:
        title = f"Tagged in {language}"
        page.locator("input[name=title]").fill(title)
        page.locator("textarea[name=body]").fill("About workers")
        page.locator("input[name=areas]").first.check()
        page.locator("input[name=tags]").fill("كارگري")  # Arabic letter forms: the same tag as کارگری
        page.locator("input[name=visibility][value=public]").check()
        page.locator("form.post-form button[type=submit]:not([name=preview])").click()
        page.wait_for_url("**/threads/**", timeout=WAIT)
        tag = page.locator("p.tags a.tag")
        assert tag.inner_text() == "#کارگری"
        tag.click()
        page.wait_for_url("**/tags/**", timeout=WAIT)
        assert page.locator("h1").inner_text() == "#کارگری"
        assert page.locator(".thread-list").get_by_text(title).count() == 1
        assert page.locator("link[rel=alternate][type='application/atom+xml']").count() == 1
        assert errors == []
    finally:
        context.close()
