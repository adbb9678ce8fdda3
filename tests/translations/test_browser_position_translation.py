"""Issue 20 in a real browser, for a debate position: rana (representative of A) states A's position
in Persian, bob (a volunteer translator) adds English, dave (English interface) sees the English
marked "translated by Bob" and opens the original (with JavaScript and without it), rana revises the
position and dave sees the translation marked outdated."""

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser_support import served_site

pytest_plugins = ["tests.browser_support"]
pytestmark = pytest.mark.browser

WAIT = 30_000  # ms: live delivery and page loads on a busy 2-core CI
POSITION_FA = "ما از نشریهٔ دوزبانه پشتیبانی می‌کنیم."
POSITION_EN = "We support a bilingual bulletin."
REVISED_FA = "ما از نشریهٔ دوزبانه پشتیبانی می‌کنیم، اگر ماهانه نباشد."

SETUP = """
import json
from allauth.account.models import EmailAddress
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from accounts.models import Membership, Organization, User
from threads.debates import actions as da
from threads.models import Area, Debate

org_a = Organization.objects.create(slug="org-a", name_fa="سازمان الف", name_en="Organization A", status="admitted")
org_b = Organization.objects.create(slug="org-b", name_fa="سازمان ب", name_en="Organization B", status="admitted")
people, sessions = {}, {}
for name, org, role in (("rana", org_a, "representative"), ("ben", org_b, "representative"), ("cora", org_b, "member"),
                        ("bob", org_b, "member"), ("dave", None, None)):
    user = User.objects.create_user(username=name, email=f"{name}@example.org", password="correct horse battery staple",
                                    display_name=name.title(), two_factor_enabled=role == "representative",
                                    volunteers_as_translator=name == "bob")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    if org:
        Membership.objects.create(user=user, organization=org, role=role, status="approved")
    people[name] = user
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    sessions[name] = store.session_key
debate = da.start_debate(
    acting_user=people["rana"], title="نشریه", motion="ائتلاف نشریه‌ای دوزبانه منتشر می‌کند.", body="بحث کنیم.",
    difference=Debate.Difference.ORGANIZATIONAL, areas=[Area.objects.get(number=1)], organizations=[org_a, org_b],
    chair=people["cora"],
)
for rep, org in (("rana", org_a), ("ben", org_b)):
    da.answer_chair(acting_user=people[rep], debate=debate, organization=org, verdict="accept")
print("SETUP" + json.dumps({"sessions": sessions, "debate": f"/debates/{debate.thread_id}/"}))
"""


@pytest.fixture(scope="module")
def site():
    with served_site("hamgami-position-tr-", SETUP) as served:
        yield served


def browser_as(chromium, base, session, language, *, javascript=True):
    context = chromium.new_context(locale="en-US" if language == "en" else "fa-IR", java_script_enabled=javascript)
    host = base.split("//", 1)[1].split(":")[0]
    context.add_cookies([{"name": "sessionid", "value": session, "url": base},
                         {"name": "hamgami_language", "value": language, "domain": host, "path": "/"}])
    page = context.new_page()
    page.set_default_timeout(WAIT)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return context, page, errors


def submit(page, form_selector):
    with page.expect_navigation():
        page.locator(f"{form_selector} button[type=submit]").last.click()
    assert page.locator(".errorlist").count() == 0, page.locator(".errorlist").first.inner_text()


def open_original(page):
    """Open the position's original (a <details>); a live update of the panel arriving just then
    replaces it closed, so open the new one (a few tries, each awaited)."""
    section = page.locator("#debate-positions")
    original = section.locator("details.post-original .post-body").first
    for attempt in range(3):
        section.locator("details.post-original summary").first.click()
        try:
            original.wait_for(state="visible", timeout=WAIT // 3)
            return original
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    return original


def state_position(page, debate_url, statement):
    page.goto(debate_url)
    page.locator(".debate-controls a[href$='/position/']").click()
    page.check("[name=stance][value=supports]")
    page.fill("[name=statement]", statement)
    submit(page, "form.debate-form")


def test_a_position_in_persian_read_in_english_then_outdated(chromium, site):
    base, setup = site
    debate_url = base + setup["debate"]
    sessions = setup["sessions"]
    contexts = []
    try:
        rana_context, rana, rana_errors = browser_as(chromium, base, sessions["rana"], "fa")
        bob_context, bob, bob_errors = browser_as(chromium, base, sessions["bob"], "en")
        dave_context, dave, dave_errors = browser_as(chromium, base, sessions["dave"], "en")
        plain_context, plain, _ = browser_as(chromium, base, sessions["dave"], "en", javascript=False)
        contexts = [rana_context, bob_context, dave_context, plain_context]

        # rana states A's position in Persian
        state_position(rana, debate_url, POSITION_FA)
        assert POSITION_FA in rana.locator("#debate-positions").inner_text()

        # bob, a volunteer, follows "Translate" by the position and saves English
        # (the link is in the page as served; the live replay of rana's position may re-render the
        # panel without per-person links, so read it from the page as served)
        served = bob.context.request.get(debate_url).text()
        match = re.search(r'<a class="translate-link[^"]*" href="(/translate/position/(\d+)/)"', served)
        assert match, "bob is offered no Translate link"
        href, position_id = match.groups()
        bob.goto(base + href)
        assert POSITION_FA in bob.content()
        bob.fill("textarea[name=body]", POSITION_EN)
        submit(bob, "form.post-form")

        # dave reads in English: the translation, its mark, the original one click away
        dave.goto(debate_url)
        positions = dave.locator("#debate-positions")
        translation = positions.locator(".post-translation").first
        assert POSITION_EN in translation.inner_text() and translation.get_attribute("lang") == "en"
        mark = positions.locator(".translation-mark").first
        assert "translated by Bob" in mark.inner_text()
        assert not positions.locator("details.post-original .post-body").first.is_visible()
        original = open_original(dave)
        assert POSITION_FA in original.inner_text() and original.get_attribute("dir") == "rtl"

        # the same without JavaScript: the <details> opens, and the "?original=" link shows it alone
        plain.goto(debate_url)
        plain_positions = plain.locator("#debate-positions")
        assert POSITION_FA in open_original(plain).inner_text()  # no live updates here: no JavaScript
        assert plain_positions.locator("a.translate-link").count() == 0  # dave is no translator
        plain.goto(f"{debate_url}?original=position-{position_id}")
        assert POSITION_EN not in plain.locator("#debate-positions").inner_text()
        assert plain.locator("#debate-positions a.show-translation").count() == 1

        # rana revises the position: dave sees the translation marked outdated
        state_position(rana, debate_url, REVISED_FA)
        dave.goto(debate_url)
        outdated = dave.locator("#debate-positions .translation-outdated").first
        outdated.wait_for(state="visible")
        assert "outdated" in outdated.inner_text()
        assert POSITION_EN in dave.locator("#debate-positions .post-translation").first.inner_text()
        assert REVISED_FA in open_original(dave).inner_text()

        # RTL: rana's Persian page reads right to left, her position too
        rana.goto(debate_url)
        assert rana.locator("html").get_attribute("dir") == "rtl"
        # asked afresh on each poll: a live replay may swap the panel between finding it and asking
        rana.wait_for_function(
            "() => { const e = document.querySelector('#debate-positions .post-body');"
            " return e !== null && getComputedStyle(e).direction === 'rtl'; }",
            timeout=WAIT,
        )
        assert not (rana_errors or bob_errors or dave_errors)
    finally:
        for context in contexts:
            context.close()

