"""Members-only never leaks (issue 10, property 3), for a visitor and for a signed-in reader who
belongs to no organization, through every channel. One table per channel.

- Pages of a members-only thing answer 404, byte for byte the answer for an id that does not exist
  (after replacing the id in the path and the CSRF token), with as many database queries.
- Lists, counts, search and feeds are byte-identical before and after members-only content is
  written (after normalizing CSRF tokens and live sequence numbers), so not even a count moves.
- Websockets refuse a members-only stream exactly as a missing one, and never render a members-only
  event for the visitor audience (readers with no organization get the visitor rendering).
- Notifications and emails: a reader following the area, or mentioned by name, hears nothing.
"""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.access import audience_of
from tests.conftest import join, make_user
from threads.core import actions
from threads.live import consumers
from threads.following import actions as following
from threads.joint import gatherings
from threads.joint import statements
from threads.core.actions import post_renderer, _thread_row_renderer
from threads.models import Notification, Thread

pytestmark = pytest.mark.django_db
SECRET = "Kharzahreh"  # a word in every members-only thing, and nowhere else
MISSING = 987654


@pytest.fixture(params=["visitor", "reader"])
def viewer(request, client, dave):
    if request.param == "reader":
        client.force_login(dave)
    return request.param


def normalize(html: str, url: str = "") -> str:
    """Without CSRF tokens, live sequence numbers and the requested path (which the page may echo)."""
    from urllib.parse import quote

    html = re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]+', r"\1TOKEN", html)
    html = re.sub(r'(data-seq=")\d+', r"\1N", html)
    html = re.sub(r'("seq":\s*)\d+', r"\1N", html)
    html = re.sub(r"(<feed[^>]*>.*?<updated>)[^<]+", r"\1NOW", html, count=1, flags=re.S)  # an empty feed: now
    html = re.sub(r"DTSTAMP:\S+", "DTSTAMP:NOW", html)
    if url:
        html = html.replace(quote(url, safe=""), "URL").replace(url, "URL")
    return html


@pytest.fixture
def secrets(alice, rana, org_a, org_b, area, dave):
    """Members-only things of every kind, each carrying SECRET."""
    thread = actions.create_thread(
        acting_user=alice, title=f"{SECRET} plans", body=f"{SECRET} in the opening post @dave", areas=[area],
        visibility=Thread.Visibility.MEMBERS, tags=["solidarity", SECRET],  # a shared tag and one of its own
    )
    post = actions.create_post(acting_user=alice, thread=thread, body=f"a reply about {SECRET} @dave")
    statement = statements.draft_statement(
        acting_user=rana, organization=org_a, texts={"en": (f"{SECRET} statement", f"{SECRET} text")}, areas=[area],
        visibility="members",
    )
    import datetime

    starts = datetime.datetime(2031, 5, 1, 17, tzinfo=datetime.UTC)
    event = gatherings.propose(
        acting_user=alice, kind="action", title=f"{SECRET} meeting", description=f"{SECRET} place", starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1), time_zone="America/Toronto", areas=[area], organizers=[org_a],
        place=f"{SECRET} hall", visibility="members",
    )
    return {"thread": thread, "post": post, "statement": statement, "event": event}


# --- pages: 404, identical to a missing id ----------------------------------------------------

PAGES = [
    # (what, method, url template with {id}, data)
    ("thread", "get", "/threads/{id}/", None),
    ("thread", "get", "/threads/{id}/some-slug/", None),
    ("thread", "post", "/threads/{id}/reply/", {"body": "preview me", "preview": "1"}),
    ("thread", "get", "/feeds/threads/{id}/", None),
    ("thread", "post", "/follow/thread/{id}/", {"level": "all"}),
    ("post", "get", "/posts/{id}/revisions/", None),
    ("post", "get", "/posts/{id}/edit/", None),
    ("post", "post", "/posts/{id}/flag/", {"kind": "spam", "note": ""}),
    ("post", "get", "/posts/{id}/quote/", None),  # a post's quote for the reply box (issue 20)
    ("statement", "get", "/statements/{id}/", None),
    ("statement", "get", "/statements/{id}/revisions/", None),
    ("event", "get", "/events/{id}/", None),
    ("event", "get", "/events/{id}/history/", None),
    ("event", "get", "/events/{id}/edit/", None),
    ("event", "post", "/events/{id}/edit/", {"title": "x", "description": "y"}),
]


@pytest.mark.parametrize("what, method, template, data", PAGES, ids=[p[2] for p in PAGES])
def test_a_members_only_page_is_a_missing_page(client, viewer, secrets, what, method, template, data):
    secret_id = secrets[what].pk
    answers = []
    for pk in (secret_id, MISSING):
        url = template.format(id=pk)
        with CaptureQueriesContext(connection) as queries:
            response = getattr(client, method)(url, data or {})
        location = normalize(response.headers.get("Location", ""), url)
        answers.append((response.status_code, normalize(response.content.decode(), url) + location, len(queries)))
    forbidden, missing = answers
    assert forbidden[0] in (404, 302), template  # 302: sign-in first, for a visitor, before looking at all
    assert forbidden[:2] == missing[:2], f"{template}: a forbidden id answers differently from a missing one"
    assert forbidden[2] == missing[2], f"{template}: {forbidden[2]} queries for a forbidden id, {missing[2]} for a missing one"
    assert SECRET not in forbidden[1]


# --- lists, counts, search, feeds: nothing moves when members-only content is written ---------

LISTS = [
    "/", "/areas/{area}/", "/orgs/", "/orgs/org-a/", "/search/?q=" + SECRET, "/search/?q=plans",
    "/feeds/", "/feeds/areas/{area}/", "/feeds/orgs/org-a/", "/statements/", "/statements/feed/",
    "/calendar/2031/5/", "/calendar.ics", "/calendar/areas/{area}.ics", "/debates/crux/",
    "/debates/areas/{area}/", "/debates/orgs/org-a/", "/moderation/log/", "/no-such-page/",
    # people and tags (issue 19): the author's page and feed, a tag the secret thread shares with a
    # public one, and a tag only the secret thread carries (as missing as a tag nobody used)
    "/people/alice/", "/feeds/people/alice/", "/people/{rana}/", "/feeds/people/{rana}/",
    "/tags/solidarity/", "/feeds/tags/solidarity/", "/tags/solidarity/?page=2",
    f"/tags/{SECRET.lower()}/", f"/feeds/tags/{SECRET.lower()}/", "/search/?tag=solidarity",
]


def test_lists_counts_search_and_feeds_do_not_move(client, viewer, alice, rana, org_a, org_b, area, dave, request):
    urls = [u.format(area=area.slug, rana=rana.handle) for u in LISTS]
    actions.create_thread(acting_user=alice, title="Open to all", body="public words", areas=[area], tags=["solidarity"])

    def snapshot():
        out = {}
        for url in urls:
            response = client.get(url)
            out[url] = (response.status_code, normalize(response.content.decode()))
        return out

    before = snapshot()
    request.getfixturevalue("secrets")
    after = snapshot()
    for url in urls:
        if SECRET not in url:  # the search page echoes its own query
            assert SECRET not in after[url][1], url
        if after[url] != before[url]:
            import difflib

            diff = "\n".join(difflib.unified_diff(before[url][1].splitlines(), after[url][1].splitlines(), lineterm="", n=1))
            raise AssertionError(f"{url} changed when members-only content was written:\n{diff}")


def test_sitemaps_do_not_exist(client, viewer):
    for url in ("/sitemap.xml", "/sitemap/", "/robots.txt"):
        assert SECRET not in client.get(url).content.decode()


# --- websockets ---------------------------------------------------------------------------------


def test_streams_refuse_members_only_as_missing(secrets, dave):
    from django.contrib.auth.models import AnonymousUser

    for user in (AnonymousUser(), dave):
        for kind, key in (("thread", secrets["thread"].pk), ("statement", secrets["statement"].pk), ("gathering", secrets["event"].pk)):
            assert consumers.audience_for_stream(user, f"{kind}:{key}") is None
            assert consumers.audience_for_stream(user, f"{kind}:{MISSING}") is None
        assert audience_of(user) == "visitor"  # readers get the visitor rendering of shared streams


def test_live_events_of_members_only_content_render_nothing_for_visitors(secrets):
    assert _thread_row_renderer(secrets["thread"])("visitor") is None
    assert post_renderer(secrets["post"])("visitor") is None
    assert SECRET in post_renderer(secrets["post"])("member")


# Through a real socket (WebsocketCommunicator), in tests/live/test_live.py:
# test_refused_and_missing_streams_get_the_same_answer and
# test_members_only_events_reach_members_and_moderators_never_visitors.


# --- notifications and emails -----------------------------------------------------------------


def test_readers_hear_nothing_of_members_only_threads(client, alice, rana, org_a, org_b, dave, area, request):
    following.follow(acting_user=dave, target=area, level="watching")
    following.save_preferences(acting_user=dave, email="immediate", watch_when_posting=True)
    mail.outbox.clear()
    request.getfixturevalue("secrets")  # mentions @dave in a members-only thread, in dave's area
    assert not Notification.objects.filter(user=dave).exists()
    following.send_digests()
    assert not any(SECRET in m.body or SECRET in m.subject for m in mail.outbox if dave.email in m.to)
    client.force_login(dave)
    assert SECRET not in client.get("/notifications/").content.decode()


def test_error_pages_say_nothing(client, viewer, secrets):
    for url in (f"/threads/{secrets['thread'].pk}/", f"/threads/{secrets['thread'].pk}/reply/", "/threads/x/"):
        response = client.get(url)
        assert response.status_code in (302, 404, 405)
        assert SECRET not in response.content.decode()


# --- a translator's page (issue 20): translations of every kind of members-only text ----------


def test_a_translators_page_lists_no_members_only_translation(client, viewer, alice, rana, org_a, org_b, area, request):
    """vera translates a public post, then a members-only post, gathering, position, ledger point
    and summary: her page does not move for a visitor or a reader with no organization."""
    from tests.conftest import accept_chair, join, make_user
    from threads.debates import actions as debates
    from accounts.models import Membership
    from threads.models import Debate
    from threads.translations import actions as translations

    vera = make_user("vera", display_name="Vera", volunteers_as_translator=True)
    join(vera, org_b)
    ben = make_user("ben", display_name="Ben")
    join(ben, org_b, Membership.Role.REPRESENTATIVE)
    public = actions.create_thread(acting_user=alice, title="Open to all", body="public words", areas=[area])
    translations.translate_text(acting_user=vera, target=public.posts.get(), language="fa", text="واژه‌های عمومی")
    url = vera.get_absolute_url()
    before = client.get(url)
    secrets = request.getfixturevalue("secrets")
    debate = accept_chair(debates.start_debate(
        acting_user=alice, title=f"{SECRET} debate", motion=f"{SECRET} motion", body=f"{SECRET} opening",
        difference=Debate.Difference.POLITICAL, areas=[area], organizations=[org_a, org_b], chair=vera,
        visibility=Thread.Visibility.MEMBERS,
    ))
    position = debates.publish_position(acting_user=rana, debate=debate, organization=org_a, stance="supports",
                                        statement=f"{SECRET} we support it")
    point = debates.propose_point(acting_user=alice, debate=debate, text=f"{SECRET} is a point")
    debate = debates.move_phase(acting_user=vera, debate=debate, to_phase=Debate.Phase.SUMMING_UP, reason="Time")
    summary = debates.draft_summary(acting_user=vera, debate=debate, text=f"{SECRET} in summary")
    for target in (secrets["post"], secrets["event"], position, point, summary):
        translations.translate_text(acting_user=vera, target=target, language="fa", text=f"{SECRET} به فارسی")
    after = client.get(url)
    assert after.status_code == before.status_code == 200
    assert normalize(after.content.decode()) == normalize(before.content.decode())
    assert SECRET not in after.content.decode()
    client.force_login(alice)  # a member sees all six
    assert client.get(url).content.decode().count(f"{SECRET} به فارسی") == 5


@pytest.mark.parametrize("who", ["visitor", "reader", "member"])
def test_quoting_a_post_one_may_not_read_is_quoting_a_missing_post(client, settings, who, secrets, public_thread,
                                                                   bob, dave, org_a):
    """`?quote=post-<id>` on a public thread and `/posts/<id>/quote/` answer a members-only post, or
    one held for approval that only its author and the moderators see, exactly as a missing one."""
    settings.HAMGAMI = {**settings.HAMGAMI, "PREMODERATE_FIRST_POSTS": 1}
    newcomer = make_user("newcomer", display_name="Newcomer")
    join(newcomer, org_a)
    held = actions.create_post(acting_user=newcomer, thread=public_thread, body=f"{SECRET} held for approval")
    assert held.state == "queued"
    reader = {"visitor": None, "reader": dave, "member": bob}[who]
    hidden_ids = [held.pk] if who == "member" else [secrets["post"].pk, held.pk]  # a member reads members-only
    if reader is not None:
        client.force_login(reader)
    for hidden_id in hidden_ids:
        for template in (public_thread.get_absolute_url() + "?quote=post-{id}", "/posts/{id}/quote/"):
            answers = []
            for pk in (hidden_id, MISSING):
                url = template.format(id=pk)
                response = client.get(url)
                body = normalize(response.content.decode(), url).replace(f"post-{pk}", "post-N")
                answers.append((response.status_code, body + normalize(response.headers.get("Location", ""), url)))
            assert answers[0] == answers[1], template
            assert SECRET not in answers[0][1]


# --- a translation's flag page (issue 20): 404 for a members-only original of any kind ------------


@pytest.fixture
def secret_translations(alice, rana, org_a, org_b, area):
    """A members-only debate's ledger point and a members-only thread's post, each translated."""
    from accounts.models import Membership
    from tests.conftest import accept_chair, join, make_user
    from threads.debates import actions as debates
    from threads.models import Debate
    from threads.translations import actions as translations

    vera = make_user("vera", display_name="Vera", volunteers_as_translator=True)
    join(vera, org_b)
    join(make_user("ben", display_name="Ben"), org_b, Membership.Role.REPRESENTATIVE)
    debate = accept_chair(debates.start_debate(
        acting_user=alice, title=f"{SECRET} debate", motion=f"{SECRET} motion", body=f"{SECRET} opening",
        difference=Debate.Difference.POLITICAL, areas=[area], organizations=[org_a, org_b], chair=vera,
        visibility=Thread.Visibility.MEMBERS,
    ))
    point = debates.propose_point(acting_user=alice, debate=debate, text=f"{SECRET} is a point")
    thread = actions.create_thread(acting_user=alice, title=f"{SECRET} plans", body=f"{SECRET} opening post",
                                   areas=[area], visibility=Thread.Visibility.MEMBERS)
    return {
        kind: translations.translate_text(acting_user=vera, target=target, language="fa", text=f"{SECRET} به فارسی")
        for kind, target in (("point", point), ("post", thread.posts.get()))
    }


@pytest.mark.parametrize("kind", ["point", "post"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_members_only_translations_flag_page_is_a_missing_page(client, viewer, secret_translations, kind, method):
    """Not even a visitor's sign-in redirect: the page is missing, as for an id nobody used."""
    answers = []
    for pk in (secret_translations[kind].pk, MISSING):
        url = f"/translations/{pk}/flag/"
        with CaptureQueriesContext(connection) as queries:
            response = getattr(client, method)(url, {"kind": "spam", "note": ""} if method == "post" else {})
        answers.append((response.status_code, normalize(response.content.decode(), url), len(queries)))
    forbidden, missing = answers
    assert forbidden[0] == 404 and forbidden[:2] == missing[:2]
    assert forbidden[2] == missing[2], f"{forbidden[2]} queries for a forbidden id, {missing[2]} for a missing one"
    assert SECRET not in forbidden[1]
