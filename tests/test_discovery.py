"""Finding your way (issue 19): the header's search, page descriptions and announced feeds."""

import html
import re
from html.parser import HTMLParser

import pytest

from tests.conftest import make_user

FEED_LINK = re.compile(r'<link rel="alternate" type="application/atom\+xml" href="([^"]+)"')
DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)">')


def page(client, url, language="en"):
    client.cookies["hamgami_language"] = language
    return client.get(url)


@pytest.mark.django_db
def test_every_page_has_the_header_search_without_javascript(client, public_thread, area):
    for url in ("/", f"/areas/{area.slug}/", public_thread.get_absolute_url(), "/orgs/", "/search/"):
        html = page(client, url).content.decode()
        form = re.search(r'<form method="get" action="/search/" role="search" class="header-search-form".*?</form>', html, re.S)
        assert form, url
        assert 'type="search" name="q"' in form.group(0)
        assert "<details class=\"header-search\">" in html  # one button on narrow screens
        assert "<details class=\"header-menu\">" in html


@pytest.mark.django_db
def test_header_search_is_scoped_to_the_area_or_thread_when_asked(client, alice, area, public_thread):
    from threads.core import actions
    from threads.models import Area

    other = actions.create_thread(acting_user=alice, title="Elsewhere", body="zanbour here too", areas=[Area.objects.get(number=2)])
    actions.create_post(acting_user=alice, thread=public_thread, body="zanbour in the public thread")
    thread_page = page(client, public_thread.get_absolute_url()).content.decode()
    assert f'name="thread" value="{public_thread.pk}"' in thread_page
    area_page = page(client, f"/areas/{area.slug}/").content.decode()
    assert f'name="area" value="{area.slug}"' in area_page
    assert 'name="thread"' not in page(client, "/").content.decode().split("<main")[0]

    everywhere = page(client, "/search/?q=zanbour").content.decode()
    assert "Elsewhere" in everywhere and "A public thread" in everywhere
    in_thread = page(client, f"/search/?q=zanbour&thread={public_thread.pk}").content.decode()
    assert "A public thread" in in_thread and "Elsewhere" not in in_thread
    in_area = page(client, f"/search/?q=zanbour&area={area.slug}").content.decode()
    assert "A public thread" in in_area and "Elsewhere" not in in_area
    assert other.pk


@pytest.mark.django_db
def test_every_page_describes_itself_in_its_language(client, public_thread, area):
    for url in ("/", f"/areas/{area.slug}/", public_thread.get_absolute_url(), "/orgs/", "/search/", "/accounts/login/"):
        english = DESCRIPTION.search(page(client, url, "en").content.decode())
        persian = DESCRIPTION.search(page(client, url, "fa").content.decode())
        assert english and english.group(1).strip(), url
        assert persian and persian.group(1).strip(), url
    assert "left organizations" in DESCRIPTION.search(page(client, "/", "en").content.decode()).group(1)
    assert "تشکل‌های چپ" in DESCRIPTION.search(page(client, "/", "fa").content.decode()).group(1)
    area_description = DESCRIPTION.search(page(client, f"/areas/{area.slug}/", "en").content.decode()).group(1)
    assert html.unescape(area_description) == area.name_en


@pytest.mark.django_db
def test_feeds_are_announced_where_a_feed_reader_looks(client, public_thread, members_thread, area, org_a, alice):
    expected = {
        "/": "/feeds/",
        f"/areas/{area.slug}/": f"/feeds/areas/{area.slug}/",
        public_thread.get_absolute_url(): f"/feeds/threads/{public_thread.pk}/",
        f"/orgs/{org_a.slug}/": f"/feeds/orgs/{org_a.slug}/",
    }
    for url, feed in expected.items():
        links = FEED_LINK.findall(page(client, url).content.decode())
        assert links == [feed], url
        assert client.get(feed).status_code == 200
    # A members-only thread has no public feed, so its page announces none (even to members).
    client.force_login(alice)
    assert FEED_LINK.findall(page(client, members_thread.get_absolute_url()).content.decode()) == []
    assert make_user  # the helper stays importable for the tests below


class _FeedLinks(HTMLParser):
    """Feed autodiscovery as feed readers do it: <link rel="alternate" type="application/atom+xml">."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "alternate" in (attrs.get("rel") or "").split() and attrs.get("type") == "application/atom+xml":
            self.found.append(attrs["href"])


@pytest.mark.parametrize("language", ["en", "fa"])
@pytest.mark.django_db
def test_a_feed_reader_finds_the_feed_from_the_page_address(client, alice, area, org_a, language):
    feedparser = pytest.importorskip("feedparser")
    from threads.core import actions

    thread = actions.create_thread(acting_user=alice, title="Found by a reader", body="x", areas=[area], tags=["کارگری"])
    from django.urls import reverse

    tag_url = reverse("tag_detail", args=[thread.tags.get().slug])
    for url in ("/", f"/areas/{area.slug}/", thread.get_absolute_url(), f"/orgs/{org_a.slug}/", tag_url, "/people/alice/"):
        finder = _FeedLinks()
        finder.feed(page(client, url, language).content.decode())
        assert len(finder.found) == 1, url
        parsed = feedparser.parse(client.get(finder.found[0]).content)
        assert not parsed.bozo, (url, parsed.get("bozo_exception"))
        assert parsed.version == "atom10"
        if url != f"/orgs/{org_a.slug}/":  # the organization's feed lists threads started on its behalf
            assert any("Found by a reader" in entry.title for entry in parsed.entries), url
