"""People's pages (issue 19): /people/<handle>/, handles apart from login names, bios, following."""

import pytest
from django.core.exceptions import ValidationError

from accounts import people_actions
from accounts.models import PersonFollow, User
from tests.conftest import PASSWORD, join, make_user
from tests.security.hostile import CORPUS, assert_safe_fragment, assert_safe_page, dangerous_counts
from threads.core import actions
from threads.models import Notification

pytestmark = pytest.mark.django_db


def get(client, url, language="en"):
    client.cookies["hamgami_language"] = language
    return client.get(url)


def test_a_person_page_shows_name_organizations_and_public_posts(client, alice, org_a, public_thread, members_thread):
    response = get(client, "/people/alice/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Alice" in html and "@alice" in html
    assert org_a.name_en in html and "member" in html
    assert "A public thread" in html
    assert "alice@example.org" not in html  # never the email
    assert 'rel="alternate" type="application/atom+xml" href="/feeds/people/alice/"' in html


def test_members_only_posts_show_only_to_members(client, alice, bob, dave, members_thread, public_thread):
    actions.create_post(acting_user=alice, thread=members_thread, body="a members-only reply")
    for reader, sees in ((None, False), (dave, False), (bob, True)):
        if reader:
            client.force_login(reader)
        html = get(client, "/people/alice/").content.decode()
        assert ("A members-only thread" in html) is sees, reader
        assert "A public thread" in html
    feed = client.get("/feeds/people/alice/").content.decode()
    assert "A members-only thread" not in feed and "A public thread" in feed


def test_hidden_and_queued_posts_never_show(client, alice, mona, public_thread):
    from threads.moderation import actions as moderation

    post = actions.create_post(acting_user=alice, thread=public_thread, body="soon hidden words")
    moderation.hide_post(acting_user=mona, post=post, reason="off topic")
    client.force_login(mona)
    assert "soon hidden words" not in get(client, "/people/alice/").content.decode()


def test_a_pseudonym_stays_a_pseudonym(client, db):
    make_user("realname", display_name="Shadow")
    html = get(client, "/people/shadow/").content.decode()
    assert "Shadow" in html and "realname" not in html
    assert get(client, "/people/realname/").status_code == 404  # the login name is no address


def test_unknown_handle_answers_404_in_the_sites_page(client, db):
    response = get(client, "/people/nobody-here/")
    assert response.status_code == 404
    assert 'class="site-header"' in response.content.decode()


def test_a_person_may_stop_listing_their_posts(client, alice, public_thread):
    people_actions.update_public_page(acting_user=alice, handle="azadeh", bio="", lists_posts=False)
    html = get(client, "/people/azadeh/").content.decode()
    assert "A public thread" not in html and "chosen not to list" in html
    assert client.get("/feeds/people/azadeh/").status_code == 404
    assert "feeds/people" not in html
    client.force_login(alice)
    assert "A public thread" in get(client, "/people/azadeh/").content.decode()  # they still see their own


def test_handle_is_never_the_login_name(alice, dave, org_a):
    with pytest.raises(ValidationError) as refusal:
        people_actions.update_public_page(acting_user=alice, handle="Alice", bio="", lists_posts=True)
    assert "login name" in str(refusal.value)
    for taken in ("dave", org_a.slug, "admin", "x"):
        with pytest.raises(ValidationError):
            people_actions.update_public_page(acting_user=alice, handle=taken, bio="", lists_posts=True)
    people_actions.update_public_page(acting_user=alice, handle="Azadeh", bio="", lists_posts=True)
    assert User.objects.get(pk=alice.pk).handle == "azadeh"


def test_signup_takes_a_handle_apart_from_the_username(client, db):
    form = {"email": "sara@example.org", "username": "sara", "password1": PASSWORD, "password2": PASSWORD}
    client.cookies["hamgami_language"] = "en"
    refused = client.post("/accounts/signup/", {**form, "handle": "SARA"})
    assert refused.status_code == 400 and "login name" in refused.content.decode()
    assert client.post("/accounts/signup/", {**form, "handle": "sara-writes"}).status_code == 302
    assert User.objects.get(username="sara").handle == "sara-writes"


def test_existing_accounts_got_handles_other_than_their_login_names(db):
    user = User.objects.create_user(username="kaveh", email="k@example.org", password=PASSWORD, display_name="Kaveh")
    assert user.handle == "kaveh"  # from the display name, which is public anyway
    silent = User.objects.create_user(username="quiet", email="q@example.org", password=PASSWORD)
    assert silent.handle.startswith("person") and silent.public_name == silent.handle


def test_bio_is_markdown_through_the_sanitizer_rendered_at_write_time(client, alice, dave):
    people_actions.update_public_page(acting_user=alice, handle="azadeh", bio="I organize. Ask **@dave**.", lists_posts=True)
    alice.refresh_from_db()
    assert "<strong>" in alice.bio_html and 'href="/people/dave/"' in alice.bio_html
    baseline = dangerous_counts(get(client, "/people/azadeh/").content.decode())
    for text in CORPUS:
        try:
            people_actions.update_public_page(acting_user=alice, handle="azadeh", bio=text, lists_posts=True)
        except ValidationError:
            continue
        alice.refresh_from_db()
        assert_safe_fragment(alice.bio_html, f"bio {text!r}")
        assert_safe_page(get(client, "/people/azadeh/").content.decode(), baseline, f"bio {text!r}")


def test_my_page_form_keeps_typed_text_on_error(client, alice):
    client.force_login(alice)
    client.cookies["hamgami_language"] = "en"
    response = client.post("/me/page/", {"handle": "alice", "bio": "kept words", "lists_posts": "on"})
    assert response.status_code == 400
    assert "kept words" in response.content.decode() and "login name" in response.content.decode()
    ok = client.post("/me/page/", {"handle": "azadeh", "bio": "hello", "lists_posts": "on"})
    assert ok.status_code == 302 and ok["Location"] == "/people/azadeh/"


def test_following_a_person_brings_their_new_threads_to_the_bell(client, alice, dave, area):
    client.force_login(dave)
    html = get(client, "/people/alice/").content.decode()
    assert 'action="/people/alice/follow/"' in html
    assert client.post("/people/alice/follow/", {"follow": "1"}).status_code == 302
    assert PersonFollow.objects.filter(follower=dave, person=alice).exists()
    assert "You follow this person" in get(client, "/people/alice/").content.decode()
    thread = actions.create_thread(acting_user=alice, title="News from Alice", body="text", areas=[area])
    assert Notification.objects.filter(user=dave, thread=thread, kind="new_thread").exists()
    client.post("/people/alice/follow/", {"follow": "0"})
    assert not PersonFollow.objects.filter(follower=dave, person=alice).exists()
    assert client.post("/people/dave/follow/", {"follow": "1"}).status_code == 302  # oneself: refused, said
    assert not PersonFollow.objects.filter(follower=dave, person=dave).exists()


def test_author_names_link_to_their_pages(client, alice, public_thread):
    html = get(client, public_thread.get_absolute_url()).content.decode()
    assert 'class="person-link author" href="/people/alice/"' in html
    assert 'href="/people/alice/"' in get(client, "/").content.decode()


def test_person_page_queries_do_not_grow(client, alice, bob, area, django_assert_num_queries):
    client.force_login(bob)
    thread = actions.create_thread(acting_user=alice, title="Many", body="first", areas=[area])
    get(client, "/people/alice/")
    # session, reader, the person, the reader's memberships (access), the person's memberships,
    # their posts, their positions, their translations (issue 20), whether the reader follows them
    # (the bell's count is cached)
    with django_assert_num_queries(9) as first:
        get(client, "/people/alice/")
    for n in range(25):
        actions.create_post(acting_user=alice, thread=thread, body=f"reply {n}")
    with django_assert_num_queries(len(first.captured_queries)):
        get(client, "/people/alice/")
    assert join and make_user


def test_person_page_queries_do_not_grow_for_a_visitor(client, alice, bob, area, members_thread, django_assert_num_queries):
    threads = [actions.create_thread(acting_user=alice, title=f"T{n}", body="first", areas=[area]) for n in range(2)]
    get(client, "/people/alice/")
    # the person, their memberships, their posts (threads, organizations), their positions, their
    # translations (issue 20)
    with django_assert_num_queries(5):
        get(client, "/people/alice/")
    for n in range(30):  # posts in many threads, public and members-only, and replies to them
        thread = threads[n % 2] if n % 3 else members_thread
        post = actions.create_post(acting_user=alice, thread=thread, body=f"reply {n}")
        actions.create_post(acting_user=bob, thread=thread, body=f"answer {n}", reply_to=post)
    with django_assert_num_queries(5):
        html = get(client, "/people/alice/").content.decode()
    assert html.count('class="result"') == 20 and "A members-only thread" not in html
