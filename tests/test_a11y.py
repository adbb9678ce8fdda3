"""Accessibility (issue 9), checked in a real browser over the demo data:

- axe-core (tests/a11y/vendor/axe.min.js, from the npm registry by tests/a11y/fetch-axe.sh) finds no
  serious or critical violation on the main pages, in Persian and English, light and dark;
- a person using only the keyboard signs in, opens a thread, replies and flags a post;
- the reading shortcuts of static/js/keys.js move between posts and never fire while typing;
- the theme switch works without JavaScript.

axe is injected with `page.add_script_tag(path=...)`, which Playwright inlines; the page's CSP
(script-src 'self', no inline script) rightly refuses that, so only the contexts that run axe are
opened with `bypass_csp=True`. The keyboard tests keep the CSP on.
"""

import json
import time

import pytest

from tests.browser_support import ROOT, served_site

pytest_plugins = ["tests.browser_support"]
pytestmark = pytest.mark.browser

AXE = ROOT / "tests" / "a11y" / "vendor" / "axe.min.js"
SCREENS = ROOT / "test-results" / "screens"
DEMO_PASSWORD = "hamgami-demo-2016"
WAIT = 30_000  # ms: the longest any wait for a page or an element may take, on a busy machine
LANGUAGES = ("fa", "en")
SCHEMES = ("light", "dark")
# WCAG 2.2 A and AA rules, and axe's best practices (landmarks, one h1, heading order, regions).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

SETUP = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from accounts.models import Organization, User
from threads.models import Thread

def first(**kw):
    return Thread.objects.filter(**kw).order_by("pk").first()

sessions = {}
for name in ("alice", "mona", "dave"):
    user = User.objects.get(username=name)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    sessions[name] = store.session_key
discussions = Thread.objects.filter(kind="discussion", visibility="public").order_by("pk")
print("SETUP" + json.dumps({
    "thread": discussions[0].pk,
    "keyboard_thread": discussions[1].pk,
    "open_debate": first(kind="debate", debate__concluded_at__isnull=True).pk,
    "concluded_debate": first(kind="debate", debate__phase="concluded").pk,
    "organization": Organization.objects.filter(status="admitted").order_by("pk").first().slug,
    "sessions": sessions,
}))
"""


@pytest.fixture(scope="module")
def demo_site():
    """daphne over a fresh database holding the demo data; sessions for alice, mona and dave."""
    with served_site("hamgami-a11y-", SETUP, demo=True) as served:
        yield served


def pages_of(setup):
    """(name, path, who): the pages the issue names, as the person who would see them."""
    return [
        ("home", "/", None),
        ("area", "/areas/workers-movement/", None),
        ("thread", f"/threads/{setup['thread']}/", "alice"),
        ("debate-open", f"/threads/{setup['open_debate']}/", "alice"),
        ("debate-concluded", f"/threads/{setup['concluded_debate']}/", None),
        ("organization", f"/orgs/{setup['organization']}/", None),
        ("search", "/search/?q=%D8%A7%D9%86%D8%AA%D8%AE%D8%A7%D8%A8%D8%A7%D8%AA", None),  # انتخابات
        ("search-en", "/search/?q=election", None),
        ("notifications", "/notifications/", "alice"),
        ("moderation-queue", "/moderation/", "mona"),
        ("signup", "/accounts/signup/", None),
        ("login", "/accounts/login/", None),
        ("keyboard-help", "/help/keyboard/", None),
        ("statements", "/statements/", None),
        ("calendar", "/calendar/", None),
        ("person", "/people/azadeh/", None),  # issue 19: a person's page, a tag's page
        ("tag", "/tags/strikes/", None),
    ]


def _context(chromium, base, language, scheme, who=None, sessions=None, **options):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme, **options)
    context.add_cookies([{"name": "hamgami_language", "value": language, "url": base}])
    if who:
        context.add_cookies([{"name": "sessionid", "value": sessions[who], "url": base}])
    return context


def _axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", AXE_TAGS
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
            "summary": v["nodes"][0].get("failureSummary", "")[:300] if v["nodes"] else "",
        }
        for v in result["violations"]
    ]


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_axe_finds_no_serious_violation(chromium, demo_site, language, scheme):
    base, setup = demo_site
    report, serious = {}, {}
    by_person = {}
    for name, path, who in pages_of(setup):
        by_person.setdefault(who, []).append((name, path))
    for who, pages in by_person.items():
        context = _context(chromium, base, language, scheme, who, setup["sessions"], bypass_csp=True)
        page = context.new_page()
        try:
            for name, path in pages:
                response = page.goto(base + path)
                assert response.status == 200, f"{path} answered {response.status}"
                page.wait_for_load_state("networkidle")
                violations = _axe(page)
                report[name] = {impact: sum(v["impact"] == impact for v in violations)
                                for impact in ("critical", "serious", "moderate", "minor")}
                bad = [v for v in violations if v["impact"] in ("serious", "critical")]
                if bad:
                    serious[name] = bad
        finally:
            context.close()
    out = ROOT / "test-results" / "a11y"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"axe-{language}-{scheme}.json").write_text(json.dumps({"counts": report, "serious": serious}, indent=1))
    assert serious == {}, json.dumps(serious, indent=1, ensure_ascii=False)


def _until(page, expression, timeout=20.0):
    """Poll an expression (wait_for_function evaluates strings, which the page's CSP forbids);
    a generous deadline, since a busy machine (the whole suite, other jobs) slows every page."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"never true: {expression}")
        page.wait_for_timeout(50)


def _press_until(page, key, expression, timeout=20.0):
    """Press `key` until `expression` holds: pressed again only after the page had its chance to
    act on it (a second of polling), within a generous deadline."""
    deadline = time.monotonic() + timeout
    while True:
        page.keyboard.press(key)
        try:
            _until(page, expression, timeout=min(1.0, max(0.05, deadline - time.monotonic())))
            return
        except AssertionError:
            if time.monotonic() > deadline:
                raise


def _tab_to(page, selector, limit=200):
    """Press Tab until the element matching `selector` has focus (keyboard only, like a person)."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_only_sign_in_reply_and_flag(chromium, demo_site):
    base, setup = demo_site
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "hamgami_language", "value": "en", "url": base}])
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        thread = f"/threads/{setup['keyboard_thread']}/"
        page.goto(f"{base}/accounts/login/?next={thread}")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.classList.contains('skip-link')")
        page.keyboard.press("Enter")
        _tab_to(page, "input[name=login]")
        page.keyboard.type("alice")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.name") == "password"
        page.keyboard.type(DEMO_PASSWORD)
        page.keyboard.press("Enter")
        page.wait_for_url(f"**{thread}", timeout=WAIT)
        assert page.locator(".account-nav .who").count() == 1

        # Reply: the shortcut r puts the caret in the reply box; type, then Tab to "Post reply".
        posts_before = page.locator(".posts > .post").count()
        page.locator("body").focus()
        page.keyboard.press("r")
        assert page.evaluate("document.activeElement.name") == "body"
        page.keyboard.type("Typed with the keyboard alone: j and k and r stay text here.")
        assert page.locator("textarea[name=body]").input_value().endswith("stay text here.")
        _tab_to(page, "form.post-form button[type=submit]:not([name=preview])")
        # The reply's page, not the one it left: wait for the navigation itself, then for the post.
        with page.expect_navigation(timeout=WAIT):
            page.keyboard.press("Enter")
        page.locator(".posts > .post").nth(posts_before).wait_for(timeout=WAIT)
        assert "keyboard alone" in page.locator(".posts > .post").last.inner_text()

        # Flag the first post (not alice's): Home goes back to the top of the page, j moves to the
        # first post, Tab reaches its flag disclosure, Enter opens it.
        # (pressed again until the page is at the top: the browser may still be settling on #post-N)
        _press_until(page, "Home", "window.scrollY === 0")
        page.keyboard.press("j")
        first_post = page.locator(".posts > .post").first
        assert page.evaluate("document.activeElement.id") == first_post.get_attribute("id")
        _tab_to(page, ".flag-box > summary")
        page.keyboard.press("Enter")
        assert page.locator(".posts > .post").first.locator(".flag-box").get_attribute("open") is not None
        page.keyboard.press("Tab")
        # The first reason is a radio: Space picks it; then Tab to the submit button.
        _tab_to(page, ".flag-box[open] input[type=radio]")
        page.keyboard.press("Space")
        _tab_to(page, ".flag-box[open] button[type=submit]")
        with page.expect_navigation(timeout=WAIT):
            page.keyboard.press("Enter")
        page.locator(".messages").wait_for(timeout=WAIT)
        assert page.locator(".messages").inner_text().strip() != ""
        assert errors == []
    finally:
        context.close()


def test_reading_shortcuts_move_between_posts_and_respect_typing(chromium, demo_site):
    base, setup = demo_site
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "hamgami_language", "value": "fa", "url": base}])
    context.add_cookies([{"name": "sessionid", "value": setup["sessions"]["dave"], "url": base}])
    page = context.new_page()
    try:
        page.goto(f"{base}/threads/{setup['thread']}/")
        ids = page.locator(".posts > .post").evaluate_all("els => els.map(e => e.id)")
        assert len(ids) >= 3
        active = "document.activeElement.id"
        page.keyboard.press("j")
        assert page.evaluate(active) == ids[0]
        page.keyboard.press("j")
        page.keyboard.press("j")
        assert page.evaluate(active) == ids[2]
        page.keyboard.press("k")
        assert page.evaluate(active) == ids[1]
        # Modifier keys belong to the browser and the screen reader.
        page.keyboard.press("Control+j")
        assert page.evaluate(active) == ids[1]
        # Typing in a field is typing: the search box on the help page takes j as a letter.
        page.keyboard.press("?")
        page.wait_for_url("**/help/keyboard/")
        assert page.locator("h1").count() == 1
        page.goto(f"{base}/search/")
        page.locator("#main input[name=q]").focus()
        page.keyboard.type("jk?")
        assert page.locator("#main input[name=q]").input_value() == "jk?"
        assert page.url.endswith("/search/")
    finally:
        context.close()


def test_theme_switch_works_without_javascript(chromium, demo_site):
    base, setup = demo_site
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    context.add_cookies([{"name": "hamgami_language", "value": "en", "url": base}])
    page = context.new_page()
    try:
        page.goto(base + "/orgs/")
        assert page.locator("html").get_attribute("data-theme") in (None, "")
        page.locator(".theme-switch button[value=dark]").click()
        page.wait_for_url("**/orgs/")
        assert page.locator("html").get_attribute("data-theme") == "dark"
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(22, 21, 19)"
        page.locator(".theme-switch button[value=auto]").click()
        page.wait_for_url("**/orgs/")
        assert page.locator("html").get_attribute("data-theme") in (None, "")
    finally:
        context.close()
