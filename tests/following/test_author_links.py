"""Author names link to the person's page (issue 19): the person_link filter and the pages and live
fragments that show who wrote a post, a position, a revision or a translation."""

import pytest
from django.template import Context, Template

from accounts.models import User
from tests.conftest import join, make_user
from threads.core import actions
from threads.moderation import actions as moderation
from threads.translations import actions as tr_actions

pytestmark = pytest.mark.django_db


def render(person, arg=""):
    filter_call = f'person|person_link:"{arg}"' if arg else "person|person_link"
    return Template("{% load hamgami %}{{ " + filter_call + " }}").render(Context({"person": person}))


def get(client, url, language="en"):
    client.cookies["hamgami_language"] = language
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_person_link_links_escapes_and_falls_back(alice):
    assert render(alice) == '<a dir="auto" class="person-link" href="/people/alice/">Alice</a>'
    assert render(alice, "author") == '<a dir="auto" class="person-link author" href="/people/alice/">Alice</a>'
    hostile = make_user("eve", display_name='<img src=x onerror=alert(1)>"')
    html = render(hostile)
    assert "<img" not in html and "&lt;img" in html and 'href="/people/' in html
    assert render(None) == '<span dir="auto">deleted user</span>'  # an author whose row is gone
    User.objects.filter(pk=hostile.pk).update(is_deleted=True)
    hostile.refresh_from_db()
    assert render(hostile, "author") == '<span dir="auto" class="author">deleted user</span>'
    hostile.handle = None  # no handle, no page: the name alone
    hostile.is_deleted = False
    assert render(hostile).startswith('<span dir="auto">&lt;img')


def test_thread_page_list_search_and_new_link_authors(client, alice, bob, public_thread):
    reply = actions.create_post(acting_user=bob, thread=public_thread, body="A reply by bob")
    bob_link = f'href="/people/{bob.handle}/">{bob.public_name}</a>'
    thread_html = get(client, public_thread.get_absolute_url())
    assert 'class="person-link author" href="/people/alice/">Alice</a>' in thread_html
    assert bob_link in thread_html
    assert 'class="person-link author" href="/people/alice/">Alice</a>' in get(client, "/")
    client.force_login(bob)
    assert bob_link in get(client, "/search/?q=bob")
    assert 'href="/people/alice/">Alice</a>' in get(client, "/new/")
    assert reply.pk


def test_revisions_and_translation_marks_link_their_people(client, alice, bob, public_thread):
    post = public_thread.posts.get()
    actions.edit_post(acting_user=alice, post=post, body="Opening post, corrected")
    assert 'href="/people/alice/">Alice</a>' in get(client, f"/posts/{post.pk}/revisions/")
    User.objects.filter(pk=bob.pk).update(volunteers_as_translator=True)
    bob.refresh_from_db()
    tr_actions.add_or_update_translation(acting_user=bob, post=post, language="fa", body="پست آغازین، اصلاح‌شده")
    html = get(client, public_thread.get_absolute_url(), "fa")
    assert f'href="/people/{bob.handle}/">{bob.public_name}</a>' in html  # "translated by …" in Persian too
    assert "ترجمهٔ <a dir=\"auto\"" in html


def test_review_queue_fragment_links_the_author(client, org_a, mona, public_thread, settings):
    settings.HAMGAMI = {**settings.HAMGAMI, "PREMODERATE_FIRST_POSTS": 1}
    newcomer = make_user("nima", display_name="Nima")
    join(newcomer, org_a)
    queued = actions.create_post(acting_user=newcomer, thread=public_thread, body="first words")
    assert queued.state == "queued"
    client.force_login(mona)
    assert 'href="/people/nima/">Nima</a>' in get(client, "/moderation/")
    assert 'href="/people/nima/">Nima</a>' in get(client, f"/moderation/posts/{queued.pk}/")
    moderation.approve_post(acting_user=mona, post=queued)
