"""Stored XSS (issue 10, property 1): every corpus input (xss_corpus.txt, 224 inputs) through every
input that renders, checked in what is stored and in the page that shows it.

Each kind of input is one test that puts the whole corpus through the action a person would use
and fetches the page(s) showing it; each page is compared with the same page holding benign text
(tests/security/hostile.py says exactly what is asserted). Emails are sent as text/plain only, so
nothing in them is markup. Headless Chromium renders a sample of each kind: test_browser_xss.py.
"""

import datetime
from xml.etree import ElementTree

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from forum.errors import ActionRefused
from tests.security.conftest import age_accounts
from tests.security.hostile import CORPUS, assert_safe_fragment, assert_safe_page, dangerous_counts
from threads.core import actions
from threads.debates import actions as da
from threads.following import actions as following
from threads.joint import gatherings
from threads.joint import statements
from threads.models import Debate, Notification, Thread

pytestmark = pytest.mark.django_db
BENIGN = "Ordinary words, nothing more"


def run_corpus(client, make, *, minimum: int = 200, other_pages_every: int = 4):
    """make(text) -> (stored html fragments, page urls); returns how many inputs went through.

    Stored HTML and the first page are checked for every input; further pages (lists, calendars)
    for every other_pages_every-th input, to keep the suite quick."""
    _, baseline_urls = make(BENIGN)
    baselines = {url: dangerous_counts(client.get(url).content.decode()) for url in baseline_urls}
    accepted = 0
    for index, text in enumerate(CORPUS):
        try:
            stored, urls = make(text)
        except (ValidationError, ActionRefused):
            continue  # refused as invalid (too long, empty once cleaned): nothing stored
        accepted += 1
        for fragment in stored:
            assert_safe_fragment(fragment, f"stored {text!r}")
        for position, (url, baseline_url) in enumerate(zip(urls, baseline_urls, strict=True)):
            if position and index % other_pages_every:
                continue
            response = client.get(url)
            assert response.status_code == 200, url
            assert_safe_page(response.content.decode(), baselines[baseline_url], f"{url} with {text!r}")
    assert accepted >= minimum, f"only {accepted} inputs were accepted"
    return accepted


def test_posts_and_thread_titles(client, alice, area):
    age_accounts()
    client.force_login(alice)

    def make(text):
        thread = actions.create_thread(acting_user=alice, title=text[:200], body=text, areas=[area])
        reply = actions.create_post(acting_user=alice, thread=thread, body=text)
        return [p.body_html for p in thread.posts.all()] + [reply.body_html], [thread.get_absolute_url()]

    run_corpus(client, make)
    # the lists that show titles: home and the area page (the latest titles of the corpus), compared
    # with the same lists of benign titles
    for url in ("/", f"/areas/{area.slug}/"):
        hostile = client.get(url).content.decode()
        for thread in Thread.objects.all():
            Thread.objects.filter(pk=thread.pk).update(title=BENIGN)
        benign = client.get(url).content.decode()
        assert_safe_page(hostile, dangerous_counts(benign), url)


def test_atom_feeds_carry_only_sanitized_html(client, alice, area):
    age_accounts()
    for text in CORPUS:
        actions.create_thread(acting_user=alice, title=text[:200], body=text, areas=[area])
    for url in ("/feeds/", f"/feeds/areas/{area.slug}/"):
        root = ElementTree.fromstring(client.get(url).content)
        entries = root.findall("{http://www.w3.org/2005/Atom}entry")
        assert entries
        for entry in entries:
            for field in ("title", "summary", "content"):
                node = entry.find(f"{{http://www.w3.org/2005/Atom}}{field}")
                if node is None:
                    continue
                if node.get("type") == "html":
                    assert_safe_fragment(node.text or "", f"{url} {field}")
                else:
                    assert len(node) == 0, f"{url}: markup in a text {field}"


def test_edited_posts_and_revisions(client, alice, public_thread):
    age_accounts()
    post = public_thread.posts.first()

    def make(text):
        edited = actions.edit_post(acting_user=alice, post=post, body=text + " ")
        return [edited.body_html], [public_thread.get_absolute_url()]

    run_corpus(client, make)
    html = client.get(f"/posts/{post.pk}/revisions/").content.decode()
    assert_safe_page(html, dangerous_counts(html), "revisions")


def test_display_names(client, alice, public_thread):
    from accounts import actions as account_actions

    actions.create_post(acting_user=alice, thread=public_thread, body="a reply")

    def make(text):
        account_actions.update_profile(acting_user=alice, display_name=text[:60])
        return [], [public_thread.get_absolute_url(), "/orgs/org-a/"]

    run_corpus(client, make)


def test_organization_descriptions(client, rana, org_a):
    from accounts import actions as account_actions

    def make(text):
        org = account_actions.update_organization(
            acting_user=rana, organization=org_a, name_fa=org_a.name_fa, name_en=org_a.name_en, description=text
        )
        return [org.description_html], [org_a.get_absolute_url()]

    run_corpus(client, make)


def test_positions(client, debate, rana, org_a):
    def make(text):
        position = da.publish_position(acting_user=rana, debate=debate, organization=org_a, stance="supports", statement=text)
        return [position.statement_html], [f"/debates/{debate.thread_id}/", f"/debates/{debate.thread_id}/positions/{org_a.slug}/"]

    run_corpus(client, make)


def test_ledger_points(client, debate, alice):
    def make(text):
        point = da.propose_point(acting_user=alice, debate=debate, text=(text + " ...")[:300])
        return [], [f"/debates/{debate.thread_id}/"]

    client.force_login(alice)  # proposed points show to participants
    run_corpus(client, make)


def test_summaries(client, debate, cora):
    for phase in (Debate.Phase.REBUTTALS, Debate.Phase.OPEN_FLOOR, Debate.Phase.SUMMING_UP):
        debate = da.move_phase(acting_user=cora, debate=debate, to_phase=phase)

    def make(text):
        summary = da.draft_summary(acting_user=cora, debate=debate, text=text)
        return [summary.text_html], [f"/debates/{debate.thread_id}/"]

    run_corpus(client, make)


def test_statements(client, rana, org_a, area):
    age_accounts()
    client.force_login(rana)  # a draft shows to its organizations

    def make(text):
        statement = statements.draft_statement(
            acting_user=rana, organization=org_a, texts={"en": (text[:200], text)}, areas=[area]
        )
        revision = statement.revisions.get()
        return [revision.text_html], [f"/statements/{statement.pk}/"]

    run_corpus(client, make)


def test_event_descriptions(client, alice, org_a, area):
    age_accounts()
    zone = datetime.timezone.utc
    starts = datetime.datetime(2031, 5, 1, 17, tzinfo=zone)

    def make(text):
        event = gatherings.propose(
            acting_user=alice, kind="action", title=text[:200], description=text, starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2), time_zone="America/Toronto", areas=[area],
            organizers=[org_a], place=text[:300],
        )
        return [event.description_html], [f"/events/{event.pk}/", "/calendar/2031/5/"]

    run_corpus(client, make)


def test_search_snippets(client, alice, area):
    age_accounts()
    counter = iter(range(10_000))

    def make(text):
        word = f"needle{next(counter)}"
        actions.create_thread(acting_user=alice, title=f"{word} {text}"[:200], body=f"{word} {text} {word}", areas=[area])
        return [], [f"/search/?q={word}"]

    run_corpus(client, make)


def test_notifications_and_emails(client, alice, dave, public_thread):
    age_accounts()
    client.force_login(dave)

    def make(text):
        Notification.objects.all().delete()
        mail.outbox.clear()
        post = actions.create_post(acting_user=alice, thread=public_thread, body=f"@dave {text}")
        notes = list(Notification.objects.filter(user=dave))
        assert notes, "the mention reached dave"
        following.send_notification_email(dave, notes, language="en")
        for message in mail.outbox:
            assert message.content_subtype == "plain" and not getattr(message, "alternatives", []), "an HTML email"
            assert "<script" not in message.subject.lower()
        return [post.body_html], ["/notifications/"]

    run_corpus(client, make)
