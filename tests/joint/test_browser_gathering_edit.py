"""Issue 20 in a browser: alice, who proposed an event, moves it to another place through the edit
form; a visitor reading its page in English sees the new place arrive without reloading, and after
a reload the English translation of the description is marked outdated once alice rewrites it. Her
new title reaches a reader of the event's discussion thread without reloading too."""

import pytest

from tests.browser_support import served_site

pytest_plugins = ["tests.browser_support"]
pytestmark = pytest.mark.browser

SETUP = """
import datetime, json
from allauth.account.models import EmailAddress
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from accounts.models import Membership, Organization, User
from threads.core.models import Area
from threads.joint import gatherings
from threads.translations import actions as tr

org = Organization.objects.create(slug="org-a", name_fa="سازمان الف", name_en="Organization A", status="admitted")
people = {}
for name in ("alice", "bob"):
    user = User.objects.create_user(username=name, email=f"{name}@example.org", password="correct horse battery staple",
                                    display_name=name.title(), two_factor_enabled=True, volunteers_as_translator=True)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    Membership.objects.create(user=user, organization=org, role="member", status="approved")
    people[name] = user
store = SessionStore()
store[SESSION_KEY] = str(people["alice"].pk)
store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
store[HASH_SESSION_KEY] = people["alice"].get_session_auth_hash()
store.create()
start = datetime.datetime(2030, 5, 1, 17, tzinfo=datetime.UTC)
event = gatherings.propose(
    acting_user=people["alice"], kind="action", title="راهپیمایی اول ماه مه", description="به ما بپیوندید.",
    starts_at=start, ends_at=start + datetime.timedelta(hours=3), time_zone="America/Toronto",
    areas=[Area.objects.order_by("number").first()], organizers=[org], place="پارک کوئینز",
)
tr.translate_text(acting_user=people["bob"], target=event, language="en", text="Join us.")
print("SETUP" + json.dumps({"session": store.session_key, "event": event.pk, "thread": event.thread.get_absolute_url()}))
"""


@pytest.fixture(scope="module")
def site():
    with served_site("hamgami-event-edit-", SETUP) as served:
        yield served


def test_an_organizer_moves_the_event_and_a_reader_sees_it_live(chromium, site):
    base, setup = site
    url = f"{base}/events/{setup['event']}/"
    reader_context = chromium.new_context(locale="en-US")
    alice_context = chromium.new_context(locale="fa-IR")
    alice_context.add_cookies([{"name": "sessionid", "value": setup["session"], "url": base}])
    try:
        reader = reader_context.new_page()
        reader.set_default_timeout(30_000)  # a busy 2-core CI
        reader.goto(url)
        assert "Join us." in reader.locator("#gathering-description").inner_text()

        discussion = reader_context.new_page()
        discussion.set_default_timeout(30_000)  # a busy 2-core CI
        discussion.goto(f"{base}{setup['thread']}")
        assert discussion.locator("#thread-title").inner_text() == "راهپیمایی اول ماه مه"
        posts = discussion.locator("ol.posts > *").count()

        alice = alice_context.new_page()
        alice.set_default_timeout(30_000)  # a busy 2-core CI
        alice.goto(url)
        alice.locator(f"a[href='/events/{setup['event']}/edit/']").click()
        assert alice.locator("[name=place]").input_value() == "پارک کوئینز"
        alice.fill("[name=place]", "میدان ناتان فیلیپس")
        alice.fill("[name=title]", "راهپیمایی و گردهمایی اول ماه مه")
        alice.fill("textarea[name=description]", "به ما بپیوندید؛ جای تازه.")
        with alice.expect_navigation():
            alice.locator("form.gathering-form button[type=submit]").click()
        assert alice.url.rstrip("/").endswith(f"/events/{setup['event']}")

        # the open pages get the new place and the discussion its new title, without a reload
        reader.locator("#gathering-main", has_text="میدان ناتان فیلیپس").wait_for()
        discussion.locator("header.page-head > #thread-title", has_text="راهپیمایی و گردهمایی اول ماه مه").wait_for()
        assert discussion.locator("ol.posts > *").count() == posts  # the heading replaced, not a row among the posts
        reader.reload()
        assert "outdated: the original was edited after this translation" in reader.locator("#gathering-description").inner_text()
        reader.get_by_text("Show the original").click()
        assert "جای تازه" in reader.locator("#gathering-description").inner_text()
    finally:
        reader_context.close()
        alice_context.close()
