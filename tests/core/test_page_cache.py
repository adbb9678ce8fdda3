"""The anonymous render of home, area and thread pages (threads/core/page_cache.py): kept for visitors
only, in the reader's language, with their own CSRF token, and dropped when the action layer writes."""

import re

import pytest
from django.core.cache import cache

from threads.core import actions

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.HAMGAMI = {**settings.HAMGAMI, "PAGE_CACHE_SECONDS": 60}
    cache.clear()
    yield
    cache.clear()


def text(response) -> str:
    return response.content.decode()


def csrf_value(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_a_visitor_gets_the_kept_render_without_a_query(client, public_thread, django_assert_num_queries):
    url = public_thread.get_absolute_url()
    first = client.get(url)
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second["X-Page-Cache"] == "hit"
    assert "Opening <strong>post</strong>" in text(second)
    assert "\x00" not in text(second)


@pytest.mark.parametrize("url", ["/", "/areas/{slug}/", "{thread}"])
def test_home_area_and_thread_pages_are_kept(client, public_thread, area, url):
    url = url.format(slug=area.slug, thread=public_thread.get_absolute_url())
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"


def test_each_reader_gets_their_own_csrf_token_and_it_works(client, public_thread):
    from django.test import Client

    url = public_thread.get_absolute_url()
    client.get(url)
    other = Client(enforce_csrf_checks=True)
    response = other.get(url)
    assert response["X-Page-Cache"] == "hit"
    token = csrf_value(text(response))
    assert token != csrf_value(text(client.get(url)))
    assert "csrftoken" in response.cookies  # the cookie that goes with the token is set
    switched = other.post("/i18n/setlang/", {"csrfmiddlewaretoken": token, "language": "en", "next": url})
    assert switched.status_code == 302


def test_a_post_through_the_action_layer_drops_the_kept_render(
    client, public_thread, bob, area, django_capture_on_commit_callbacks
):
    url = public_thread.get_absolute_url()
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        actions.create_post(acting_user=bob, thread=public_thread, body="A fresh reply")
    for page in (url, "/", f"/areas/{area.slug}/"):
        response = client.get(page)
        assert response["X-Page-Cache"] == "miss", page
    assert "A fresh reply" in text(client.get(url))


def test_signed_in_people_never_get_the_kept_render(client, login, alice, public_thread):
    url = public_thread.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    login(alice)
    response = client.get(url)
    assert "X-Page-Cache" not in response
    assert alice.public_name in text(response)


def test_members_only_content_is_never_kept(client, login, alice, members_thread):
    url = members_thread.get_absolute_url()
    login(alice)
    assert "Secret opening" in text(client.get(url))
    assert not any("page:html" in str(key) for key in cache._cache)  # locmem: nothing kept for members
    client.logout()
    client.cookies.clear()
    assert client.get(url).status_code == 404
    assert client.get(url).status_code == 404  # and the 404 is not kept either
    assert not any("page:html" in str(key) for key in cache._cache)


def test_the_language_is_part_of_the_key(client, public_thread):
    url = public_thread.get_absolute_url()
    persian = client.get(url)
    client.cookies["hamgami_language"] = "en"
    english = client.get(url)
    assert english["X-Page-Cache"] == "miss"
    assert 'lang="en"' in text(english) and 'lang="fa"' in text(persian)
    assert 'lang="en"' in text(client.get(url))


def test_other_cookies_and_query_strings_bypass_the_cache(client, public_thread):
    url = public_thread.get_absolute_url()
    client.get(url)
    assert "X-Page-Cache" not in client.get(url + "?x=1")
    assert client.get(url + "?page=1")["X-Page-Cache"] == "miss"
    client.cookies["messages"] = "anything"
    assert "X-Page-Cache" not in client.get(url)


def test_off_when_page_cache_seconds_is_zero(client, settings, public_thread):
    settings.HAMGAMI = {**settings.HAMGAMI, "PAGE_CACHE_SECONDS": 0}
    url = public_thread.get_absolute_url()
    client.get(url)
    assert "X-Page-Cache" not in client.get(url)


def test_each_time_zone_gets_its_own_render(client, public_thread):
    """Times on the page are the reader's own (forum/zones.py): a Vancouver visitor is never served
    the render kept for Toronto; a zone cookie does not make the page uncacheable."""
    url = public_thread.get_absolute_url()
    client.cookies["tz"] = "America/Toronto"
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    client.cookies["tz"] = "America/Vancouver"
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
