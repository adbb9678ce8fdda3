"""A translation flag appears in the moderator's open review queue without a reload (issue 20):
only a browser shows the live item finding its section's list (static/js/live.js)."""

import pytest

from tests.browser_support import served_site

pytest_plugins = ["tests.browser_support"]

pytestmark = pytest.mark.browser

WAIT = 30_000  # ms: live delivery and page loads on a busy 2-core CI

SETUP = """
import json
from allauth.account.models import EmailAddress
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from accounts.models import Membership, Organization, User
from threads.core import actions
from threads.models import Area
from threads.translations import actions as translations

org = Organization.objects.create(slug="org-a", name_fa="سازمان الف", name_en="Organization A", status="admitted")
people = {}
for username, extra in (("alice", {}), ("bob", {"volunteers_as_translator": True}), ("dave", {}),
                        ("mona", {"is_moderator": True, "two_factor_enabled": True})):
    user = User.objects.create_user(username=username, email=f"{username}@example.org", password="x" * 20,
                                    display_name=username.title(), **extra)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    people[username] = user
for username in ("alice", "bob"):
    Membership.objects.create(user=people[username], organization=org, role="member", status="approved")
thread = actions.create_thread(acting_user=people["alice"], title="کارگران", body="از اتحادیه‌ها پشتیبانی می‌کنیم.",
                               areas=[Area.objects.get(number=1)])
translation = translations.translate_text(acting_user=people["bob"], target=thread.posts.get(), language="en",
                                          text="We support the unions.")
sessions = {}
for username, user in people.items():
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    sessions[username] = store.session_key
print("QUEUE" + json.dumps({"translation": translation.pk, "sessions": sessions}))
"""


def open_page(chromium, base, data, username, url):
    context = chromium.new_context(locale="en-US")
    context.add_cookies([
        {"name": "hamgami_language", "value": "en", "url": base},
        {"name": "sessionid", "value": data["sessions"][username], "url": base},
    ])
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(base + url)
    return context, page, errors


def test_a_translation_flag_appears_in_the_open_queue(chromium):
    with served_site("hamgami-trqueue-", SETUP, marker="QUEUE") as (base, data):
        pk = data["translation"]
        queue_context, queue, queue_errors = open_page(chromium, base, data, "mona", "/moderation/")
        reader_context, reader, reader_errors = open_page(chromium, base, data, "dave", f"/translations/{pk}/flag/")
        try:
            section = queue.locator('[data-live-queue="translations"]')
            assert "No flagged translations." in section.inner_text()
            queue.evaluate("window.__notReloaded = true")
            reader.locator('input[name="kind"][value="wrong"]').check()
            reader.locator('input[name="note"], textarea[name="note"]').first.fill("Says the opposite")
            reader.locator("form.post-form button[type=submit]").click()
            reader.locator(".messages, [role=status]", has_text="the moderators will look").first.wait_for(timeout=WAIT)
            item = queue.locator(f"#queue-translation-{pk}")
            item.wait_for(timeout=WAIT)
            assert queue.evaluate("window.__notReloaded") is True
            assert "Says the opposite" in item.inner_text() and "We support the unions." in item.inner_text()
            assert "No flagged translations." not in section.inner_text()
            item.get_by_role("link", name="Review").click()  # to the page's forms
            queue.locator(f'#queue-translation-{pk} button[value="hide"]').wait_for(timeout=WAIT)
            assert queue_errors == [] and reader_errors == []
        finally:
            queue_context.close()
            reader_context.close()
