"""Threads and posts as people use them, through the test client: home, area, thread, new thread,
reply, preview, edit, revisions; members-only threads; bad input; both languages; query counts."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from accounts.models import Membership
from threads.moderation import actions as moderation_actions
from threads.core import actions
from threads.models import Area, Post, PostRevision, Thread

pytestmark = pytest.mark.django_db

BODY_MAX = 20000
TITLE_MAX = 200


# --- helpers --------------------------------------------------------------------------------


def english(client):
    client.cookies["hamgami_language"] = "en"
    return client


def text(response) -> str:
    return response.content.decode()


def area_card(html: str, slug: str) -> str:
    """The home page's card for one area."""
    start = html.index(f'href="/areas/{slug}/"')
    end = html.find('class="area-card"', start)
    return html[start : end if end != -1 else len(html)]


def area_count(html: str, slug: str) -> str:
    return re.search(rf'data-area-count="{slug}">([^<]*)<', html).group(1)


def without_tokens(html: str) -> str:
    """A page with what legitimately differs between two requests blanked: CSRF tokens and ?next=."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    html = re.sub(r'name="next" value="[^"]*"', "", html)
    return html


def new_thread_data(area, **overrides):
    data = {
        "title": "On the workers' councils",
        "body": "We **agree** on most of it.",
        "areas": [str(area.pk)],
        "tags": "councils, strikes",
        "visibility": "public",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def other_area(db):
    return Area.objects.get(number=3)


@pytest.fixture
def opening(public_thread):
    return public_thread.posts.get()


@pytest.fixture
def thread_with_posts(public_thread, alice, bob, rana, org_a):
    """thread_with_posts(n): the public thread grows to n posts by several authors, some on behalf
    of an organization, some replying to others (so any per-post query would show)."""

    def grow(n):
        first = public_thread.posts.order_by("pk").first()
        existing = public_thread.posts.count()
        now = timezone.now()
        authors = [(alice, None), (bob, None), (rana, org_a)]
        posts = []
        for i in range(existing, n):
            author, org = authors[i % 3]
            posts.append(
                Post(
                    thread=public_thread,
                    author=author,
                    on_behalf_of=org,
                    reply_to=first if i % 2 else None,
                    body_source=f"post {i}",
                    body_html=f"<p>post {i}</p>",
                    created_at=now - timezone.timedelta(seconds=n - i),
                )
            )
        Post.objects.bulk_create(posts)
        Thread.objects.filter(pk=public_thread.pk).update(post_count=n)
        return public_thread

    return grow


@pytest.fixture
def many_threads(alice, rana, org_a, area, other_area):
    """many_threads(n): n threads in the first area (every third members-only, every other on behalf of org A)."""

    def make(n):
        for i in range(Thread.objects.count(), n):
            actions.create_thread(
                acting_user=rana,
                title=f"Thread {i}",
                body="text",
                areas=[area, other_area] if i % 2 else [area],
                tags=["t1", "t2"],
                visibility="members" if i % 3 == 0 else "public",
                on_behalf_of=org_a if i % 2 else None,
            )

    return make


# --- home -----------------------------------------------------------------------------------


class TestHome:
    def test_it_works(self, client, public_thread):
        response = client.get("/")
        assert response.status_code == 200
        html = text(response)
        assert 'lang="fa" dir="rtl"' in html
        areas = list(Area.objects.order_by("number"))
        assert len(areas) == 7
        for area in areas:
            assert area.short_fa in html
            assert f'href="/areas/{area.slug}/"' in html
        # numbered, in Persian digits, in order
        numbers = re.findall(r'class="area-number" aria-hidden="true">([^<]+)<', html)
        assert numbers == list("۱۲۳۴۵۶۷")
        assert public_thread.title in html
        card = area_card(html, "workers-movement")
        assert "<time" in card  # latest activity
        assert "<time" not in area_card(html, areas[1].slug)  # no thread there, no activity

    def test_it_works_in_english(self, client, public_thread):
        html = text(english(client).get("/"))
        assert 'lang="en" dir="ltr"' in html
        assert "The seven cooperation areas" in html
        assert "The workers&#x27; movement" in html
        assert area_count(html, "workers-movement") == "1 thread"
        assert area_count(html, "social-movements") == "0 threads"
        numbers = re.findall(r'class="area-number" aria-hidden="true">([^<]+)<', html)
        assert numbers == list("1234567")

    def test_it_checks_access(self, client, login, public_thread, members_thread, dave, alice):
        # the members-only thread is the newest; latest activity must not reveal it either
        Thread.objects.filter(pk=members_thread.pk).update(last_activity_at=timezone.now() + timezone.timedelta(hours=1))
        members_thread.refresh_from_db()
        # <time datetime> is to the second (HTML allows at most three decimals; issue 18)
        public_stamp = timezone.localtime(public_thread.last_activity_at).replace(microsecond=0).isoformat()
        members_stamp = timezone.localtime(members_thread.last_activity_at).replace(microsecond=0).isoformat()

        english(client)
        for who in (None, dave):
            if who:
                login(who)
            html = text(client.get("/"))
            assert members_thread.title not in html
            assert public_thread.title in html
            assert area_count(html, "workers-movement") == "1 thread"
            card = area_card(html, "workers-movement")
            assert public_stamp in card and members_stamp not in card

        login(alice)
        html = text(client.get("/"))
        assert members_thread.title in html
        assert area_count(html, "workers-movement") == "2 threads"
        assert members_stamp in area_card(html, "workers-movement")

    def test_queries_do_not_grow(self, client, login, alice, many_threads, django_assert_num_queries):
        many_threads(3)
        # visitor: 1 the live stream's head (read first: threads.core.events.heads_first), 2 areas with
        # counts and latest activity, 3 latest threads (+author, org), 4 their areas
        with django_assert_num_queries(4):
            assert client.get("/").status_code == 200
        many_threads(40)
        with django_assert_num_queries(4):
            assert client.get("/").status_code == 200

        login(alice)
        # member: 1 session, 2 user, 3 memberships (+org, once per request), then the visitor's four,
        # and 8 the new posts of every listed thread she has read before (one query for the list)
        with django_assert_num_queries(8):
            assert client.get("/").status_code == 200
        many_threads(45)
        with django_assert_num_queries(8):
            assert client.get("/").status_code == 200


# --- area page ------------------------------------------------------------------------------


class TestArea:
    def test_it_works(self, client, public_thread, area):
        response = client.get(f"/areas/{area.slug}/")
        assert response.status_code == 200
        html = text(response)
        assert area.short_fa in html and area.name_fa in html
        assert public_thread.title in html
        assert 'aria-current="page"' in html
        html = text(english(client).get(f"/areas/{area.slug}/"))
        assert 'lang="en" dir="ltr"' in html
        assert "Cooperation area 1" in html and area.name_en.replace("'", "&#x27;") in html

    def test_it_checks_access(self, client, login, public_thread, members_thread, area, dave, alice):
        assert client.get("/areas/no-such-area/").status_code == 404
        for who in (None, dave):
            if who:
                login(who)
            html = text(client.get(f"/areas/{area.slug}/"))
            assert public_thread.title in html
            assert members_thread.title not in html
            assert "Start a thread in this area" not in text(english(client).get(f"/areas/{area.slug}/"))
        login(alice)
        html = text(client.get(f"/areas/{area.slug}/"))
        assert members_thread.title in html
        assert "/threads/new/?area=" in html

    def test_other_areas_show_nothing(self, client, public_thread, other_area):
        html = text(english(client).get(f"/areas/{other_area.slug}/"))
        assert public_thread.title not in html
        assert "No threads yet." in html

    def test_queries_do_not_grow(self, client, login, alice, area, many_threads, django_assert_num_queries):
        url = f"/areas/{area.slug}/"
        many_threads(3)
        # visitor: 1 the live stream's head (read first), 2 the area, 3 count for the paginator,
        # 4 threads (+author, org), 5 their areas, 6 the list of all areas for the side navigation,
        # 7 the area's most used tags (issue 19)
        with django_assert_num_queries(7):
            assert client.get(url).status_code == 200
        many_threads(70)  # more than two pages
        with django_assert_num_queries(7):
            assert client.get(url).status_code == 200
        with django_assert_num_queries(7):
            assert client.get(url + "?page=2").status_code == 200

        login(alice)
        # member: 1 session, 2 user, 3 memberships, then the visitor's seven, and 11 the new posts
        # of every listed thread she has read before (one query for the list), 12 her follow level
        # on the area (the follow box)
        with django_assert_num_queries(12):
            assert client.get(url).status_code == 200


# --- thread page ----------------------------------------------------------------------------


class TestThreadPage:
    def test_it_works(self, client, login, public_thread, alice):
        response = client.get(f"/threads/{public_thread.pk}/")
        assert response.status_code == 200
        html = text(response)
        assert public_thread.title in html
        assert "Opening <strong>post</strong>" in html
        assert 'name="body"' not in html  # visitors get no form …
        assert "/accounts/login/?next=" in html  # … but a way to log in

        login(alice)
        html = text(client.get(public_thread.get_absolute_url()))
        assert 'name="body"' in html
        assert f'action="/threads/{public_thread.pk}/reply/"' in html

    def test_wrong_slug_redirects(self, client, public_thread):
        response = client.get(f"/threads/{public_thread.pk}/not-the-slug/")
        assert response.status_code == 301
        assert response["Location"] == public_thread.get_absolute_url()

    def test_it_shows_areas_and_tags(self, client, alice, area, other_area):
        thread = actions.create_thread(
            acting_user=alice, title="Tagged", body="x", areas=[area, other_area], tags=["strike", "May Day"]
        )
        html = text(client.get(thread.get_absolute_url()))
        assert f'href="/areas/{area.slug}/"' in html and f'href="/areas/{other_area.slug}/"' in html
        assert "#strike" in html and "#May Day" in html

    def test_it_works_in_english(self, client, public_thread):
        html = text(english(client).get(public_thread.get_absolute_url()))
        assert 'lang="en" dir="ltr"' in html
        assert "0 replies" in html and "Log in" in html

    def test_it_checks_access(self, client, login, members_thread, dave, alice, mona):
        members_url = f"/threads/{members_thread.pk}/"
        missing_url = f"/threads/{members_thread.pk + 1000}/"
        for who in (None, dave):
            if who:
                login(who)
            forbidden = client.get(members_url)
            missing = client.get(missing_url)
            assert forbidden.status_code == missing.status_code == 404
            assert without_tokens(text(forbidden)) == without_tokens(text(missing))
            assert members_thread.title not in text(forbidden)
            assert "Secret opening" not in text(forbidden)
            # the slugged address, the revisions of its post, and replying: all 404 too
            assert client.get(members_thread.get_absolute_url()).status_code == 404
            post = members_thread.posts.get()
            assert client.get(f"/posts/{post.pk}/revisions/").status_code == 404
        for member in (alice, mona):
            login(member)
            assert client.get(members_url).status_code == 200

    def test_hidden_post_keeps_its_place(self, client, login, thread_with_posts, mona):
        thread = thread_with_posts(3)
        post = thread.posts.order_by("pk").last()
        moderation_actions.hide_post(acting_user=mona, post=post, reason="Personal attack")
        html = text(english(client).get(thread.get_absolute_url()))
        assert "Hidden by the moderators." in html and "Personal attack" in html
        assert post.body_html not in html
        login(mona)
        assert post.body_html in text(client.get(thread.get_absolute_url()))

    @pytest.mark.parametrize("who", ["visitor", "alice"])
    def test_queries_do_not_grow(self, client, login, alice, thread_with_posts, django_assert_num_queries, who):
        # visitor: 1 the live stream's head (read before the thread: threads.core.events.heads_first),
        # 2 the thread, 3 count for the paginator, 4 the page's posts (+authors, orgs, the post
        # replied to and its author), 5 the thread's areas, 6 its tags, 7 the statement or event the
        # thread belongs to (queries.thread_belongs_to, left joins).
        # member adds: session, user, memberships (+orgs) before them, the upsert of where she
        # stopped reading (threads.following.actions.mark_read, only when the page shows a later post than
        # she was shown before: her position comes with the thread's query) and her follow level
        # (the follow box).
        # Both add 1: the page's translations with their translators (threads.translations.queries.attach,
        # one query however many; tests/translations/test_translations.py pins it with translations present).
        expected = 8 if who == "visitor" else 13
        if who == "alice":
            login(alice)
        thread = thread_with_posts(3)
        url = thread.get_absolute_url()
        with django_assert_num_queries(expected):
            assert client.get(url).status_code == 200
        thread_with_posts(300)
        with django_assert_num_queries(expected):
            response = client.get(url)
        assert response.status_code == 200 and text(response).count('class="post ') == 50
        with django_assert_num_queries(expected):
            assert client.get(url + "?page=6").status_code == 200
        with django_assert_num_queries(expected - (who == "alice")):  # a repeat view: no upsert (issue 16)
            assert client.get(url + "?page=6").status_code == 200


# --- new thread -----------------------------------------------------------------------------


class TestNewThread:
    def test_it_works(self, client, login, alice, area, other_area):
        login(alice)
        assert client.get("/threads/new/").status_code == 200
        response = client.post(
            "/threads/new/",
            new_thread_data(area, areas=[str(area.pk), str(other_area.pk)], tags="councils، strikes, #May Day", visibility="members"),
        )
        assert response.status_code == 302
        thread = Thread.objects.get()
        assert response["Location"] == thread.get_absolute_url()
        assert thread.title == "On the workers' councils"
        assert thread.visibility == "members" and thread.author == alice and thread.on_behalf_of is None
        assert sorted(a.number for a in thread.areas.all()) == [1, 3]
        assert sorted(t.name for t in thread.tags.all()) == ["May Day", "councils", "strikes"]
        post = thread.posts.get()
        assert post.body_html == '<p dir="auto">We <strong>agree</strong> on most of it.</p>'
        assert post.revisions.count() == 1
        page = text(client.get(thread.get_absolute_url()))
        assert "members only" in page or "badge-members" in page

    def test_area_is_preselected_from_the_area_page(self, client, login, alice, other_area):
        login(alice)
        html = text(client.get(f"/threads/new/?area={other_area.slug}"))
        assert re.search(rf'value="{other_area.pk}"[^>]*checked', html)

    def test_it_checks_access(self, client, login, dave, area):
        response = client.get("/threads/new/")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert client.post("/threads/new/", new_thread_data(area)).status_code == 302
        login(dave)
        english(client)
        response = client.get("/threads/new/")
        assert response.status_code == 403
        assert "Only members of an organization can start threads." in text(response)
        response = client.post("/threads/new/", new_thread_data(area))
        assert response.status_code == 403
        assert Thread.objects.count() == 0

    def test_representative_posts_on_behalf_of_the_organization(self, client, login, rana, org_a, area):
        login(rana)
        html = text(english(client).get("/threads/new/"))
        assert "On behalf of Organization A" in html
        response = client.post("/threads/new/", new_thread_data(area, on_behalf_of=str(org_a.pk)))
        assert response.status_code == 302
        thread = Thread.objects.get()
        assert thread.on_behalf_of == org_a and thread.posts.get().on_behalf_of == org_a
        assert "Organization A" in text(client.get(thread.get_absolute_url()))

    def test_only_a_representative_speaks_for_an_organization(self, client, login, rana, alice, org_a, org_b, area):
        login(alice)  # a member, not a representative: no such choice
        english(client)
        assert "On behalf of" not in text(client.get("/threads/new/"))
        # a forged choice is refused, and nothing is created
        response = client.post("/threads/new/", new_thread_data(area, on_behalf_of=str(org_a.pk)))
        assert response.status_code == 400
        assert "You may only post on behalf of an organization you represent." in text(response)
        assert Thread.objects.count() == 0
        login(rana)  # a representative of A, not of B
        response = client.post("/threads/new/", new_thread_data(area, on_behalf_of=str(org_b.pk)))
        assert response.status_code == 400
        assert "You may only post on behalf of an organization you represent." in text(response)
        assert Thread.objects.count() == 0

    def test_action_refuses_a_non_representative(self, alice, org_a, area):
        from forum.errors import ActionRefused

        with pytest.raises(ActionRefused):
            actions.create_thread(acting_user=alice, title="t", body="b", areas=[area], on_behalf_of=org_a)
        assert Thread.objects.count() == 0

    def test_preview(self, client, login, alice, area):
        login(alice)
        body = "**Bold** <script>alert(1)</script> [x](javascript:alert(1))"
        response = client.post("/threads/new/", new_thread_data(area, body=body, preview="1"))
        assert response.status_code == 200
        html = text(response)
        assert 'class="preview"' in html
        assert "<strong>Bold</strong>" in html
        assert "<script>alert" not in html and "javascript:" not in html.split('class="preview"')[1].split("</section>")[0]
        assert escape(body) in html  # the text is kept in the form
        assert 'value="On the workers&#x27; councils"' in html
        assert Thread.objects.count() == 0 and Post.objects.count() == 0

    @pytest.mark.parametrize(
        "overrides, field, message",
        [
            ({"title": ""}, "title", "A thread needs a title."),
            ({"title": "   "}, "title", "A thread needs a title."),
            ({"title": "t" * (TITLE_MAX + 1)}, "title", f"the limit is {TITLE_MAX} characters"),
            ({"body": ""}, "body", "Write something before posting."),
            ({"body": "b" * (BODY_MAX + 1)}, "body", f"the limit is {BODY_MAX} characters"),
            ({"areas": None}, "areas", "Choose at least one cooperation area."),
            ({"areas": ["99999"]}, "areas", "That cooperation area does not exist"),
            ({"areas": ["not-a-number"]}, "areas", "That cooperation area does not exist"),
            ({"tags": ", ".join(f"tag{i}" for i in range(9))}, "tags", "At most 8 tags."),
            ({"tags": "x" * 51}, "tags", "tags have at most 50 characters"),
            ({"visibility": "secret"}, "visibility", "secret"),
        ],
    )
    def test_bad_input(self, client, login, alice, area, overrides, field, message):
        login(alice)
        english(client)
        data = new_thread_data(area, **overrides)
        response = client.post("/threads/new/", data)
        assert response.status_code == 400
        html = text(response)
        assert message in html
        assert 'class="field has-error' in html
        # what they typed is still there
        if data.get("title", "").strip():
            assert f'value="{escape(data["title"])}"' in html
        if data.get("body"):
            assert escape(data["body"]) in html
        if overrides.get("tags"):
            assert escape(data["tags"]) in html
        assert Thread.objects.count() == 0 and Post.objects.count() == 0


# --- replies --------------------------------------------------------------------------------


class TestReply:
    def test_it_works(self, client, login, bob, public_thread, opening):
        login(bob)
        response = client.post(f"/threads/{public_thread.pk}/reply/", {"body": "I _disagree_."})
        assert response.status_code == 302
        post = Post.objects.latest("pk")
        assert response["Location"] == f"{public_thread.get_absolute_url()}#post-{post.pk}"
        assert post.author == bob and post.reply_to is None and post.body_html == '<p dir="auto">I <em>disagree</em>.</p>'
        public_thread.refresh_from_db()
        assert public_thread.post_count == 2 and public_thread.last_activity_at == post.created_at
        html = text(english(client).get(public_thread.get_absolute_url()))
        assert "I <em>disagree</em>." in html and "1 reply" in html

    def test_reply_to_a_post(self, client, login, bob, public_thread, opening):
        login(bob)
        html = text(client.get(f"{public_thread.get_absolute_url()}?reply_to={opening.pk}"))
        assert re.search(rf'<input type="hidden" name="reply_to" value="{opening.pk}"', html)
        response = client.post(f"/threads/{public_thread.pk}/reply/", {"body": "Answer", "reply_to": opening.pk})
        assert response.status_code == 302
        post = Post.objects.latest("pk")
        assert post.reply_to == opening
        html = text(english(client).get(public_thread.get_absolute_url()))
        line = re.search(r'<p class="in-reply-to">.*?</p>', html, re.S).group(0)
        # "in reply to" leads to the post answered, the name to the person who wrote it
        assert f'<a href="#post-{opening.pk}" class="reply-to-post">in reply to</a>' in line
        author = opening.author
        assert f'href="{author.get_absolute_url()}">{escape(author.public_name)}</a>' in line

    def test_reply_to_a_post_of_another_thread_is_refused(self, client, login, alice, bob, public_thread, area):
        other = actions.create_thread(acting_user=alice, title="Other", body="other", areas=[area])
        foreign = other.posts.get()
        login(bob)
        english(client)
        before = Post.objects.count()
        response = client.post(f"/threads/{public_thread.pk}/reply/", {"body": "My answer", "reply_to": foreign.pk})
        assert response.status_code == 400
        html = text(response)
        assert "You can only reply to a post in the same thread." in html
        assert "My answer" in html
        assert Post.objects.count() == before
        response = client.post(f"/threads/{public_thread.pk}/reply/", {"body": "My answer", "reply_to": 999999})
        assert response.status_code == 400 and Post.objects.count() == before

    def test_reply_to_a_post_in_a_members_thread_does_not_leak(self, client, login, rana, members_thread, public_thread):
        """Even the refusal message must not confirm a members-only post exists."""
        secret = members_thread.posts.get()
        login(rana)
        response = client.post(f"/threads/{public_thread.pk}/reply/", {"body": "x", "reply_to": secret.pk})
        assert response.status_code == 400

    def test_representative_replies_on_behalf(self, client, login, rana, org_a, public_thread):
        login(rana)
        response = client.post(f"/threads/{public_thread.pk}/reply/", {"body": "Our view", "on_behalf_of": org_a.pk})
        assert response.status_code == 302
        assert Post.objects.latest("pk").on_behalf_of == org_a

    def test_it_checks_access(self, client, login, public_thread, members_thread, dave, alice, mona):
        before = Post.objects.count()
        url = f"/threads/{public_thread.pk}/reply/"
        response = client.post(url, {"body": "hi"})
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        login(dave)
        english(client)
        response = client.post(url, {"body": "hi"})
        assert response.status_code == 403
        assert "Only members of an organization can reply." in text(response)
        assert client.post(f"/threads/{members_thread.pk}/reply/", {"body": "hi"}).status_code == 404
        assert client.get(url).status_code == 405
        # a locked thread takes replies from moderators only
        Thread.objects.filter(pk=public_thread.pk).update(is_locked=True)
        login(alice)
        response = client.post(url, {"body": "hi"})
        assert response.status_code == 403 and "locked" in text(response)
        assert Post.objects.count() == before
        login(mona)
        assert client.post(url, {"body": "moderator note"}).status_code == 302

    def test_preview(self, client, login, bob, public_thread):
        login(bob)
        body = "Line with <iframe src=//evil></iframe> and **bold**"
        response = client.post(f"/threads/{public_thread.pk}/reply/", {"body": body, "preview": "1"})
        assert response.status_code == 200
        html = text(response)
        preview = html.split('class="preview"')[1].split("</div>\n    </div>")[0]
        assert "<strong>bold</strong>" in preview and "<iframe" not in preview
        assert escape(body) in html
        assert Post.objects.count() == 1

    @pytest.mark.parametrize(
        "body, message",
        [("", "Write something before posting."), ("   \n ", "Write something before posting."), ("b" * (BODY_MAX + 1), f"the limit is {BODY_MAX} characters")],
    )
    def test_bad_input(self, client, login, bob, public_thread, body, message):
        login(bob)
        english(client)
        response = client.post(f"/threads/{public_thread.pk}/reply/", {"body": body})
        assert response.status_code == 400
        html = text(response)
        assert message in html
        if body.strip():
            assert body in html
        assert Post.objects.count() == 1

    def test_reply_lands_on_the_last_page(self, client, login, bob, thread_with_posts):
        thread = thread_with_posts(120)
        login(bob)
        response = client.post(f"/threads/{thread.pk}/reply/", {"body": "late"})
        post = Post.objects.latest("pk")
        assert response["Location"] == f"{thread.get_absolute_url()}?page=3#post-{post.pk}"
        assert "late" in text(client.get(response["Location"].split("#")[0]))

    def test_a_posts_lasting_address_finds_its_page(self, client, thread_with_posts, members_thread, alice):
        """Notifications, emails and feeds link to /posts/N/, which finds the page as the thread grows."""
        thread = thread_with_posts(120)
        posts = list(thread.posts.order_by("created_at", "pk"))
        assert posts[-1].get_absolute_url() == f"/posts/{posts[-1].pk}/"
        assert client.get(posts[-1].get_absolute_url())["Location"] == f"{thread.get_absolute_url()}?page=3#post-{posts[-1].pk}"
        assert client.get(posts[0].get_absolute_url())["Location"] == f"{thread.get_absolute_url()}#post-{posts[0].pk}"
        secret = members_thread.posts.first()
        assert client.get(secret.get_absolute_url()).status_code == 404  # alike for a missing one
        assert client.get("/posts/999999/").status_code == 404

    def test_reply_lands_on_the_last_page_with_hidden_posts(self, client, login, bob, mona, thread_with_posts):
        """Hidden posts keep their place in the thread, so they count when finding the page."""
        thread = thread_with_posts(95)
        for post in list(thread.posts.order_by("pk")[:10]):
            moderation_actions.hide_post(acting_user=mona, post=post, reason="off topic")
        thread.refresh_from_db()
        assert thread.post_count == 85
        login(bob)
        response = client.post(f"/threads/{thread.pk}/reply/", {"body": "late"})
        post = Post.objects.latest("pk")
        assert response["Location"] == f"{thread.get_absolute_url()}?page=2#post-{post.pk}"
        assert f'id="post-{post.pk}"' in text(client.get(response["Location"].split("#")[0]))


# --- editing and revisions ------------------------------------------------------------------


class TestEdit:
    def test_it_works(self, client, login, alice, public_thread, opening):
        login(alice)
        html = text(client.get(f"/posts/{opening.pk}/edit/"))
        assert "Opening **post**" in html
        response = client.post(f"/posts/{opening.pk}/edit/", {"body": "Opening, *corrected*", "reason": "typo"})
        assert response.status_code == 302
        assert response["Location"] == f"{public_thread.get_absolute_url()}#post-{opening.pk}"
        opening.refresh_from_db()
        assert opening.body_source == "Opening, *corrected*"
        assert opening.body_html == '<p dir="auto">Opening, <em>corrected</em></p>'
        assert opening.revision_count == 2 and opening.edited_at is not None
        assert list(opening.revisions.values_list("number", flat=True)) == [1, 2]

        page = text(english(client).get(public_thread.get_absolute_url()))
        assert f'href="/posts/{opening.pk}/revisions/"' in page and "edited" in page
        client.logout()  # anyone who can read the post can read its history
        response = english(client).get(f"/posts/{opening.pk}/revisions/")
        assert response.status_code == 200
        history = text(response)
        assert "Opening <strong>post</strong>" in history and "Opening, <em>corrected</em>" in history
        assert "2 versions, newest first." in history and "typo" in history
        assert history.index("Version 2") < history.index("Version 1")

    def test_it_returns_to_the_page_of_the_post(self, client, login, alice, thread_with_posts):
        thread = thread_with_posts(120)
        post = thread.posts.filter(author=alice).order_by("created_at", "pk")[30]  # the 91st post or so
        login(alice)
        response = client.post(f"/posts/{post.pk}/edit/", {"body": "changed"})
        page = re.search(r"\?page=(\d+)#", response["Location"])
        assert page and response["Location"].endswith(f"#post-{post.pk}")
        assert f'id="post-{post.pk}"' in text(client.get(response["Location"].split("#")[0]))

    def test_unchanged_text_makes_no_revision(self, client, login, alice, opening):
        login(alice)
        client.post(f"/posts/{opening.pk}/edit/", {"body": opening.body_source})
        assert PostRevision.objects.filter(post=opening).count() == 1

    def test_it_checks_access(self, client, login, bob, dave, mona, alice, opening, members_thread):
        url = f"/posts/{opening.pk}/edit/"
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        english(client)
        for who in (bob, dave):
            login(who)
            response = client.get(url)
            assert response.status_code == 403
            assert "You can only edit your own posts." in text(response)
            response = client.post(url, {"body": "vandalized"})
            assert response.status_code == 403
            assert "You can only edit your own posts." in text(response)
        opening.refresh_from_db()
        assert opening.body_source == "Opening **post**" and opening.revision_count == 1
        # dave cannot even learn that a members-only post exists
        secret = members_thread.posts.get()
        login(dave)
        assert client.get(f"/posts/{secret.pk}/edit/").status_code == 404
        assert client.get("/posts/999999/edit/").status_code == 404
        # moderators may edit, and the revision says who did
        login(mona)
        assert client.post(url, {"body": "Moderated text"}).status_code == 302
        assert opening.revisions.get(number=2).edited_by == mona

    def test_preview(self, client, login, alice, opening):
        login(alice)
        response = client.post(f"/posts/{opening.pk}/edit/", {"body": "New **text**", "preview": "1"})
        assert response.status_code == 200
        assert "New <strong>text</strong>" in text(response) and "New **text**" in text(response)
        opening.refresh_from_db()
        assert opening.body_source == "Opening **post**" and opening.revision_count == 1

    def test_bad_input(self, client, login, alice, opening):
        login(alice)
        english(client)
        response = client.post(f"/posts/{opening.pk}/edit/", {"body": ""})
        assert response.status_code == 400 and "Write something before posting." in text(response)
        response = client.post(f"/posts/{opening.pk}/edit/", {"body": "y" * (BODY_MAX + 1)})
        assert response.status_code == 400 and f"the limit is {BODY_MAX} characters" in text(response)
        assert "y" * (BODY_MAX + 1) in text(response)
        opening.refresh_from_db()
        assert opening.body_source == "Opening **post**" and opening.revision_count == 1


class TestRevisions:
    def test_it_works(self, client, alice, opening):
        actions.edit_post(acting_user=alice, post=opening, body="second")
        response = client.get(f"/posts/{opening.pk}/revisions/")
        assert response.status_code == 200
        assert "second" in text(response) and "Opening <strong>post</strong>" in text(response)
        html = text(english(client).get(f"/posts/{opening.pk}/revisions/"))
        assert 'lang="en" dir="ltr"' in html and "History of a post" in html

    def test_it_checks_access(self, client, login, mona, dave, alice, opening, members_thread):
        secret = members_thread.posts.get()
        login(dave)
        assert client.get(f"/posts/{secret.pk}/revisions/").status_code == 404
        assert client.get("/posts/999999/revisions/").status_code == 404
        moderation_actions.hide_post(acting_user=mona, post=opening, reason="spam")
        assert client.get(f"/posts/{opening.pk}/revisions/").status_code == 404
        login(alice)  # the author still sees her hidden post's history
        assert client.get(f"/posts/{opening.pk}/revisions/").status_code == 200


# --- stale forms and languages --------------------------------------------------------------


class TestCsrf:
    @pytest.mark.parametrize("language, lang_attr, message", [
        ("en", 'lang="en" dir="ltr"', "The form has expired"),
        (None, 'lang="fa" dir="rtl"', None),
    ])
    def test_stale_token(self, alice, area, public_thread, language, lang_attr, message):
        client = Client(enforce_csrf_checks=True)
        client.force_login(alice)
        if language:
            client.cookies["hamgami_language"] = language
        client.get("/threads/new/")  # sets a CSRF cookie
        before = (Thread.objects.count(), Post.objects.count())
        for url, data in [
            ("/threads/new/", new_thread_data(area, csrfmiddlewaretoken="x" * 32)),
            (f"/threads/{public_thread.pk}/reply/", {"body": "hi", "csrfmiddlewaretoken": "stale" * 8}),
            (f"/posts/{public_thread.posts.get().pk}/edit/", {"body": "changed"}),  # no token at all
        ]:
            response = client.post(url, data)
            assert response.status_code == 403
            html = text(response)
            assert lang_attr in html
            assert 'role="alert"' in html
            if message:
                assert message in html
        assert (Thread.objects.count(), Post.objects.count()) == before
        assert public_thread.posts.get().body_source == "Opening **post**"

    def test_a_fresh_token_works(self, alice, area):
        client = Client(enforce_csrf_checks=True)
        client.force_login(alice)
        html = text(client.get("/threads/new/"))
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        response = client.post("/threads/new/", new_thread_data(area, csrfmiddlewaretoken=token))
        assert response.status_code == 302


@pytest.mark.parametrize("path", ["/", "/areas/workers-movement/", "thread", "new", "edit", "revisions"])
def test_every_page_in_both_languages(client, login, alice, public_thread, path):
    login(alice)
    post = public_thread.posts.get()
    path = {
        "thread": public_thread.get_absolute_url(),
        "new": "/threads/new/",
        "edit": f"/posts/{post.pk}/edit/",
        "revisions": f"/posts/{post.pk}/revisions/",
    }.get(path, path)
    persian = text(client.get(path))
    assert 'lang="fa" dir="rtl"' in persian
    assert "عرصه\u200cهای همکاری" in persian and "Cooperation areas" not in persian
    english_page = text(english(client).get(path))
    assert 'lang="en" dir="ltr"' in english_page
    assert "Log out" in english_page and "Cooperation areas" in english_page
    assert 'lang="fa" dir="rtl" class="link-button">فارسی' in english_page  # the way back


def test_error_pages_in_english(client, login, dave, public_thread):
    english(client)
    html = text(client.get("/threads/999999/"))
    assert 'lang="en" dir="ltr"' in html and "Not found" in html
    login(dave)
    html = text(client.get("/threads/new/"))
    assert 'lang="en" dir="ltr"' in html and "Not allowed" in html


def test_user_content_is_escaped_in_lists_and_titles(client, alice, area):
    thread = actions.create_thread(
        acting_user=alice, title='<script>alert("t")</script>', body="b", areas=[area], tags=["<b>x</b>"]
    )
    for url in ("/", f"/areas/{area.slug}/", thread.get_absolute_url()):
        html = text(client.get(url))
        assert '<script>alert("t")</script>' not in html
        assert "&lt;script&gt;" in html
    assert "<b>x</b>" not in text(client.get(thread.get_absolute_url()))


def test_memberships_pending_do_not_open_members_threads(client, login, members_thread, dave, org_a):
    Membership.objects.create(user=dave, organization=org_a)  # pending
    login(dave)
    assert client.get(members_thread.get_absolute_url()).status_code == 404


def test_a_nul_character_never_reaches_the_database(alice, area):
    """PostgreSQL refuses NUL in text (SQLite keeps it): every save strips it (forum/nul.py)."""
    thread = actions.create_thread(acting_user=alice, title="Tit\x00le", body="Bo\x00dy <b>x</b>", areas=[area])
    post = thread.posts.get()
    assert thread.title == "Title" and "\x00" not in post.body_source and "\x00" not in post.body_html
    thread.refresh_from_db()
    assert thread.title == "Title"
