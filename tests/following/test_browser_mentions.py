"""A mention completed with the keyboard and notified, in a real browser (issue 19, "Done when"):
in English (Latin letters) and in Persian (Persian letters, matched on the display name), the writer
types "@" and a few letters, moves down the suggestions with ArrowDown, inserts with Enter and
publishes; the post links the person, and the person finds the notice on their bell and their
notifications page."""

import pytest

from tests.browser_support import served_site

pytest_plugins = ["tests.browser_support"]

pytestmark = pytest.mark.browser

WAIT = 30_000  # ms: live delivery and page loads on a busy 2-core CI

# Two people per language share the typed letters, so ArrowDown has somewhere to go: the
# suggestions come ordered by handle, and the second one is the person meant.
SETUP = """
import json
from allauth.account.models import EmailAddress
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from accounts.models import Membership, Organization, User
from threads.core import actions
from threads.models import Area

org = Organization.objects.create(slug="org-a", name_fa="سازمان الف", name_en="Organization A", status="admitted")
people = {}
for username, handle, name in (
    ("writer", "shirin", "Shirin"), ("dana", "dana", "Dana"), ("dave", "dave", "Dave"),
    ("kamran", "kamran", "کامران"), ("kaveh", "kaveh", "کاوه"),
):
    user = User.objects.create_user(username=username, email=f"{username}@example.org", password="x" * 20,
                                    display_name=name, handle=handle)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    people[username] = user
Membership.objects.create(user=people["writer"], organization=org, role="member", status="approved")
thread = actions.create_thread(acting_user=people["writer"], title="Mentions thread", body="Opening post",
                               areas=[Area.objects.get(number=1)])
sessions = {}
for username, user in people.items():
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    sessions[username] = store.session_key
print("MENTIONS" + json.dumps({"thread": thread.get_absolute_url(), "sessions": sessions}))
"""

CASES = {
    # language: (letters typed after "@", the second suggestion's handle, its username, "mentioned you")
    "en": ("da", "dave", "dave", "mentioned you"),
    "fa": ("کا", "kaveh", "kaveh", "از شما نام برد"),
}


@pytest.fixture(scope="module")
def site():
    with served_site("hamgami-mentions-", SETUP, marker="MENTIONS") as (base, data):
        yield base, data


def open_page(chromium, base, data, username, url, language):
    context = chromium.new_context(locale="en-US")
    context.add_cookies([
        {"name": "hamgami_language", "value": language, "url": base},
        {"name": "sessionid", "value": data["sessions"][username], "url": base},
    ])
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(base + url)
    return context, page, errors


@pytest.mark.parametrize("language", ["en", "fa"])
def test_a_mention_completed_with_arrow_down_and_enter_is_published_and_notified(chromium, site, language):
    base, data = site
    letters, handle, username, mentioned_you = CASES[language]
    context, page, errors = open_page(chromium, base, data, "writer", data["thread"], language)
    try:
        box = page.locator("textarea[name=body]")
        box.click()
        box.press_sequentially(f"{language}: @{letters}", delay=20)
        options = page.locator(".mention-list [role=option]")
        options.nth(1).wait_for(state="visible", timeout=WAIT)
        assert options.count() == 2
        assert box.get_attribute("aria-activedescendant") == options.nth(0).get_attribute("id")
        box.press("ArrowDown")
        assert box.get_attribute("aria-activedescendant") == options.nth(1).get_attribute("id")
        assert options.nth(1).get_attribute("aria-selected") == "true"
        assert options.nth(1).get_attribute("data-name") == handle
        box.press("Enter")
        assert box.input_value() == f"{language}: @{handle} "
        assert page.locator(".mention-list").is_hidden()
        assert page.evaluate("document.activeElement.name") == "body"  # the focus stayed in the box
        box.press_sequentially("please read this", delay=5)
        page.locator("form.post-form button[type=submit]:not([name=preview])").click()
        link = page.locator(f'.post-body a[href="/people/{handle}/"]', has_text=f"@{handle}")
        link.wait_for(timeout=WAIT)
        assert errors == []
    finally:
        context.close()

    context, page, errors = open_page(chromium, base, data, username, "/notifications/", language)
    try:
        assert page.locator("[data-bell]").get_attribute("data-bell-count") == "1"
        row = page.locator(".notifications .notification.unread")
        assert row.count() == 1
        text = row.inner_text()
        assert "Shirin" in text and mentioned_you in text and "Mentions thread" in text
        assert row.locator('a[href="/people/shirin/"]').count() == 1
        assert errors == []
    finally:
        context.close()
