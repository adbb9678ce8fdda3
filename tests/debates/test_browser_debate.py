"""Issue 4, done when: a representative runs a new debate from motion to summary in the browser,
and a visitor then sees in one screen what the organizations agreed on, where they differ, who
stands where, the summary and each organization's endorsement or dissent.

Two representatives (rana for A, ben for B) each in their own browser, in Persian (the default),
through the ordinary forms; every step is a page load, so this is also the no-JS path's walk.
"""

import pytest

from tests.browser_support import served_site

pytest_plugins = ["tests.browser_support"]
pytestmark = pytest.mark.browser

SETUP = """
import json
from allauth.account.models import EmailAddress
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from accounts.models import Membership, Organization, User

org_a = Organization.objects.create(slug="org-a", name_fa="سازمان الف", name_en="Organization A", status="admitted")
org_b = Organization.objects.create(slug="org-b", name_fa="سازمان ب", name_en="Organization B", status="admitted")
sessions = {}
for name, org in (("rana", org_a), ("ben", org_b)):
    user = User.objects.create_user(username=name, email=f"{name}@example.org", password="correct horse battery staple",
                                    display_name=name.title(), two_factor_enabled=True)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    Membership.objects.create(user=user, organization=org, role="representative", status="approved")
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    sessions[name] = store.session_key
print("SETUP" + json.dumps({"sessions": sessions, "orgs": {"a": org_a.pk, "b": org_b.pk}}))
"""


@pytest.fixture(scope="module")
def site():
    with served_site("hamgami-debate-", SETUP) as served:
        yield served


def browser_as(chromium, base, session=None):
    context = chromium.new_context(locale="fa-IR")
    if session:
        context.add_cookies([{"name": "sessionid", "value": session, "url": base}])
    page = context.new_page()
    page.set_default_timeout(30_000)  # a busy 2-core CI
    return context, page


def submit(page, form_selector="form.debate-form"):
    with page.expect_navigation():
        page.locator(f"{form_selector} button[type=submit]").last.click()
    assert page.locator(".errorlist").count() == 0, page.locator(".errorlist").first.inner_text()


def test_a_representative_runs_a_debate_from_motion_to_summary(chromium, site):
    base, setup = site
    org_a, org_b = str(setup["orgs"]["a"]), str(setup["orgs"]["b"])
    rana_context, rana = browser_as(chromium, base, setup["sessions"]["rana"])
    ben_context, ben = browser_as(chromium, base, setup["sessions"]["ben"])
    visitor_context, visitor = browser_as(chromium, base)
    try:
        # The motion: rana starts the debate and, not being a moderator, is named its chair.
        rana.goto(base + "/debates/new/")
        rana.fill("[name=title]", "آیا ائتلاف باید نشریه‌ای دوزبانه منتشر کند؟")
        rana.fill("[name=motion]", "ائتلاف هر ماه نشریه‌ای دوزبانه منتشر می‌کند.")
        rana.check("[name=difference][value=organizational]")
        rana.fill("[name=body]", "بحث را با مواضع آغازین شروع کنیم.")
        rana.locator("[name=areas]").first.check()
        assert rana.locator(f"[name=organizations][value='{org_a}']").is_checked()
        submit(rana)
        debate_url = rana.url.split("#")[0]
        assert "/debates/" in debate_url
        thread_url = rana.locator(".page-head a").first.get_attribute("href")

        # The organizations accept the chair.
        for page, org in ((rana, org_a), (ben, org_b)):
            page.goto(debate_url)
            page.locator(".debate-controls a[href$='/chair/answer/']").click()
            page.check("[name=verdict][value=accept]")
            submit(page)
        rana.goto(debate_url)
        assert rana.locator(".phase-form").count() == 1  # rana now runs the debate

        # Opening positions and statements.
        for page, org, stance, text in ((rana, org_a, "supports", "ما موافقیم."), (ben, org_b, "reservations", "با شرط.")):
            page.goto(debate_url)
            page.locator(".debate-controls a[href$='/position/']").click()
            page.check(f"[name=stance][value={stance}]")
            page.fill("[name=statement]", text)
            submit(page)
        rana.goto(base + thread_url)
        rana.fill("[name=body]", "بیانیهٔ آغازین سازمان الف.")
        rana.select_option("[name=on_behalf_of]", org_a)
        submit(rana, "form.post-form")
        opening = rana.locator(".post").last.get_attribute("data-post")

        # Rebuttals: ben answers A's opening statement, on behalf of B.
        rana.goto(debate_url)
        rana.select_option(".phase-form [name=phase]", "rebuttals")
        submit(rana, ".phase-form")
        ben.goto(base + thread_url + f"?reply_to={opening}#reply")
        ben.fill("[name=body]", "پاسخ سازمان ب: نشریه باید فصلنامه باشد.")
        ben.select_option("[name=on_behalf_of]", org_b)
        submit(ben, "form.post-form")
        assert ben.locator(f".post .in-reply-to a[href='#post-{opening}']").count() == 1

        # The ledger: a point proposed and accepted; the two organizations differ on it.
        rana.goto(debate_url)
        rana.fill(".point-form [name=text]", "نشریه ماهانه منتشر می‌شود.")
        submit(rana, ".point-form")
        rana.locator(".debate-controls a[href$='/decide/']").first.click()
        rana.check("[name=decision][value=accepted]")
        submit(rana)
        for page, org, value in ((rana, org_a, "agree"), (ben, org_b, "disagree")):
            page.goto(debate_url)
            page.locator(".debate-controls a[href$='/stance/']").first.click()
            page.check(f"[name=value][value={value}]")
            submit(page)

        # The open floor: ben answers the point in a reply, disagreeing.
        rana.goto(debate_url)
        rana.select_option(".phase-form [name=phase]", "open_floor")
        submit(rana, ".phase-form")
        ben.goto(base + thread_url)
        ben.locator(".matrix .quote-link").first.click()
        ben.check("[name=agreement][value=disagree]")
        ben.fill("[name=body]", "ماهانه از توان ما بیشتر است.")
        submit(ben, "form.post-form")
        assert ben.locator(".post-quote-disagree").count() == 1

        # Summing-up: rana drafts, A endorses, B dissents with a reason, rana concludes.
        rana.goto(debate_url)
        rana.select_option(".phase-form [name=phase]", "summing_up")
        submit(rana, ".phase-form")
        rana.locator(".debate-controls a[href$='/summary/']").click()
        rana.fill("[name=text]", "## جمع‌بندی\n\nهر دو سازمان نشریه را می‌خواهند؛ بر سر دورهٔ انتشار اختلاف است.")
        submit(rana)
        for page, verdict, reason in ((rana, "endorse", ""), (ben, "dissent", "دورهٔ انتشار باید فصلی باشد.")):
            page.goto(debate_url)
            page.locator(".debate-controls a[href$='/endorse/']").click()
            page.check(f"[name=verdict][value={verdict}]")
            page.fill("[name=reason]", reason)
            submit(page)
        rana.goto(debate_url)
        with rana.expect_navigation():
            rana.locator("form[action$='/conclude/'] button").click()

        # A visitor sees it all on one screen, frozen.
        visitor.goto(debate_url)
        panel = visitor.locator("#debate")
        assert visitor.locator(".phase-step[aria-current=step]").count() == 1
        assert "نشریه ماهانه منتشر می‌شود." in panel.locator(".matrix-difference").inner_text()
        assert "هر دو سازمان نشریه را می‌خواهند" in panel.locator("#debate-summary").inner_text()
        assert "دورهٔ انتشار باید فصلی باشد." in panel.locator("#debate-summary").inner_text()
        assert panel.locator(".position").count() == 2
        assert visitor.locator(".debate-controls").count() == 0
        visitor.goto(base + thread_url)
        assert visitor.locator(".reply-box form").count() == 0  # read-only
    finally:
        for context in (rana_context, ben_context, visitor_context):
            context.close()
