"""What only a browser shows: both directions lay out without horizontal scrolling at phone and
desktop widths, arrows mirror, user text keeps its own direction, nothing breaks the CSP and no
request leaves the site. Screenshots land in test-results/screens/ for people to look at."""

import os
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser_support import ROOT, free_port, server_env, start_daphne, stop, wait_for_http

pytest_plugins = ["tests.browser_support"]
pytestmark = pytest.mark.browser

SCREENS = ROOT / "test-results" / "screens"
WIDTHS = (320, 360, 1280)  # 320: the narrowest phone still sold; screenshots at 360 and 1280
LANGUAGES = ("fa", "en")


@pytest.fixture(scope="module")
def demo_server(demo_site):
    base, pages, _signed_in, _sessions = demo_site
    return base, pages


@pytest.fixture(scope="module")
def demo_site():
    """daphne over a fresh database holding the demo data (seed_demo), as `make run` serves it;
    also the pages only a signed-in person sees, with that person's session."""
    with tempfile.TemporaryDirectory(prefix="hamgami-layout-") as tmp:
        env = server_env(f"sqlite:///{tmp}/db.sqlite3")
        python = str(ROOT / ".venv/bin/python")
        subprocess.run([python, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
        subprocess.run([python, "manage.py", "seed_demo"], cwd=ROOT, env=env, check=True, capture_output=True)
        script = (
            "from threads.models import Thread; "
            "print('PAGES', Thread.objects.filter(kind='discussion', visibility='public').order_by('pk').first().pk, "
            "Thread.objects.filter(kind='debate').order_by('pk').first().pk)\n"
            "from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY\n"
            "from django.contrib.sessions.backends.db import SessionStore\n"
            "from accounts.models import User\n"
            "mona = User.objects.get(username='mona'); store = SessionStore()\n"
            "store[SESSION_KEY] = str(mona.pk); store[HASH_SESSION_KEY] = mona.get_session_auth_hash()\n"
            "store[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'; store.create()\n"
            "print('SESSION', store.session_key)"
        )
        out = subprocess.run(
            [python, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        ).stdout
        thread_id, debate_id = next(line for line in out.splitlines() if line.startswith("PAGES")).split()[1:]
        mona_session = next(line for line in out.splitlines() if line.startswith("SESSION")).split()[1]
        port = free_port()
        process = start_daphne(env, port, Path(tmp) / "daphne.log")
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for_http(base + "/healthz", process=process)
            pages = {
                "home": "/",
                "area": "/areas/workers-movement/",
                "thread": f"/threads/{thread_id}/",
                "debate": f"/threads/{debate_id}/",
                "organizations": "/orgs/",
                "login": "/accounts/login/",
                "statements": "/statements/",
                "calendar": "/calendar/",
                "search": "/search/?q=%D8%A7%D9%86%D8%AA%D8%AE%D8%A7%D8%A8%D8%A7%D8%AA",  # انتخابات
                "crux-map": "/debates/crux/",
                "keyboard-help": "/help/keyboard/",
                "person": "/people/azadeh/",  # issue 19
                "tag": "/tags/strikes/",
            }
            yield base, pages, {"moderation-queue": "/moderation/"}, {"mona": mona_session}
        finally:
            stop(process)


def _open(chromium, base, language, width, **options):
    context = chromium.new_context(viewport={"width": width, "height": 900}, **options)
    context.add_cookies([{"name": "hamgami_language", "value": language, "url": base}])
    page = context.new_page()
    problems = []
    origin = urlsplit(base).netloc
    page.on("console", lambda m: m.type in ("error", "warning") and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on(
        "request",
        lambda r: urlsplit(r.url).scheme in ("http", "https", "ws", "wss")
        and urlsplit(r.url).netloc != origin
        and problems.append(f"request to another origin: {r.url}"),
    )
    return context, page, problems


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", WIDTHS)
def test_pages_fit_the_screen_in_both_directions(chromium, demo_site, language, width):
    base, pages, signed_in, sessions = demo_site
    SCREENS.mkdir(parents=True, exist_ok=True)
    context, page, problems = _open(chromium, base, language, width)
    mona, mona_page, mona_problems = _open(chromium, base, language, width)
    mona.add_cookies([{"name": "sessionid", "value": sessions["mona"], "url": base}])
    try:
        visits = [(page, name, path) for name, path in pages.items()]
        visits += [(mona_page, name, path) for name, path in signed_in.items()]  # the moderator's queue
        for tab, name, path in visits:
            tab.goto(base + path)
            tab.wait_for_load_state("networkidle")
            direction = "rtl" if language == "fa" else "ltr"
            assert tab.locator("html").get_attribute("lang") == language
            assert tab.locator("html").get_attribute("dir") == direction
            overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            tab.screenshot(path=str(SCREENS / f"{name}-{language}-{width}.png"), full_page=True)
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px in {language}"
            # Every piece of user-written text keeps its own direction.
            assert tab.evaluate(
                "[...document.querySelectorAll('.post-body, .thread-title, .byline .author')]"
                ".every(e => e.closest('[dir=auto]') || (e.matches('.post-body') && e.matches('[dir=rtl][lang],[dir=ltr][lang]')))"
            ), f"user text without its own direction on {path}"  # a post's body: by its dominant script
        assert problems == [] and mona_problems == []
    finally:
        context.close()
        mona.close()


def test_arrows_point_the_reading_way(chromium, demo_server):
    base, pages = demo_server
    transforms = {}
    for language in LANGUAGES:
        context, page, _ = _open(chromium, base, language, 1280)
        try:
            page.goto(base + pages["thread"])
            arrow = page.locator(".reply-arrow").first
            transforms[language] = arrow.evaluate("e => getComputedStyle(e).transform")
        finally:
            context.close()
    assert transforms["fa"] == "none"
    assert transforms["en"].startswith("matrix(-1")


def test_persian_pages_use_persian_digits_and_the_self_hosted_typeface(chromium, demo_server):
    base, pages = demo_server
    context, page, problems = _open(chromium, base, "fa", 1280)
    try:
        page.goto(base + pages["home"])
        numbers = page.locator(".area-number").all_inner_texts()
        assert numbers[:3] == ["۱", "۲", "۳"]
        page.wait_for_function("document.fonts.status === 'loaded'")
        assert page.evaluate("document.fonts.check('16px Vazirmatn', 'همگامی')")
        assert page.evaluate("[...document.fonts].some(f => f.family.includes('Vazirmatn') && f.status === 'loaded')")
        assert problems == []
    finally:
        context.close()


def test_without_javascript_every_page_still_reads(chromium, demo_server):
    base, pages = demo_server
    context, page, _ = _open(chromium, base, "en", 1280, java_script_enabled=False)
    try:
        for path in pages.values():
            response = page.goto(base + path)
            assert response.status == 200
            assert page.locator("h1").count() == 1
    finally:
        context.close()


TAG_HEADING = """() => {
    const kicker = document.querySelector('.page-head .kicker').getBoundingClientRect();
    const name = document.querySelector('h1 .tag-name');
    const range = document.createRange();
    range.setStart(name.firstChild, 0); range.setEnd(name.firstChild, 1);
    const hash = range.getBoundingClientRect(), box = name.getBoundingClientRect();
    return {kicker: [kicker.left, kicker.right], box: [box.left, box.right], hash: [hash.left, hash.right],
            direction: getComputedStyle(name).direction};
}"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_tag_heading_stays_on_the_page_side_with_its_hash_before_the_name(chromium, demo_server, language):
    """The heading sits where the kicker does in either language; the "#" goes before the name in
    the name's own direction (left of a Latin tag, right of a Persian one), whatever the page's."""
    base, _pages = demo_server
    context, page, problems = _open(chromium, base, language, 1280)
    try:
        for path, own in (("/tags/haft-tappeh/", "ltr"), ("/tags/%D9%84%D8%BA%D9%88-%D8%A7%D8%B9%D8%AF%D8%A7%D9%85/", "rtl")):
            page.goto(base + path)
            found = page.evaluate(TAG_HEADING)
            page.screenshot(path=str(SCREENS / f"tag-{own}-name-{language}.png"))
            assert found["direction"] == own, (path, found)
            start = 0 if language == "en" else 1  # the side of the page where the kicker starts
            assert abs(found["box"][start] - found["kicker"][start]) <= 2, (path, found)
            side = 0 if own == "ltr" else 1
            assert abs(found["hash"][side] - found["box"][side]) <= 1, (path, found)
        assert problems == []
    finally:
        context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_clipped_post_in_the_review_queue_keeps_off_its_flags(chromium, demo_site, language):
    """At 1280 px the demo's long flagged post is clipped to a scrolling box; its cut last line
    used to run into the first flag. The box's end edge now sits above the flags, with a gap."""
    base, _pages, signed_in, sessions = demo_site
    context, page, problems = _open(chromium, base, language, 1280)
    context.add_cookies([{"name": "sessionid", "value": sessions["mona"], "url": base}])
    try:
        page.goto(base + signed_in["moderation-queue"])
        item = page.locator(".queue-item:has(.queue-flags)").first
        item.scroll_into_view_if_needed()
        item.screenshot(path=str(SCREENS / f"queue-clipped-{language}.png"))
        found = item.evaluate("""li => {
            const body = li.querySelector('.queue-body'), flag = li.querySelector('.queue-flags li');
            return {clipped: body.scrollHeight > body.clientHeight, end: body.getBoundingClientRect().bottom,
                    flag: flag.getBoundingClientRect().top};
        }""")
        assert found["clipped"], found  # the case this guards: a post longer than its box
        assert found["flag"] - found["end"] >= 8, found
        assert problems == []
    finally:
        context.close()
