"""Tags (issue 19): one tag whatever its letter forms, ZWNJ or case; a page per tag; search by tag;
the most used tags on area pages."""

import pytest
from django.urls import reverse
from taggit.models import Tag

from threads.core import actions
from threads.models import Area
from threads.core.tag_names import tag_slug

pytestmark = pytest.mark.django_db


def get(client, url, language="en"):
    client.cookies["hamgami_language"] = language
    return client.get(url)


def test_variants_are_one_tag():
    assert tag_slug("کارگری") == tag_slug("كارگري") == tag_slug("کار\u200cگری") == tag_slug(" #کارگری ")
    assert tag_slug("Labour") == tag_slug("LABOUR") == "labour"


def test_threads_tagged_with_variants_share_one_tag_and_page(client, alice, area):
    one = actions.create_thread(acting_user=alice, title="First", body="x", areas=[area], tags=["کارگری"])
    two = actions.create_thread(acting_user=alice, title="Second", body="x", areas=[area], tags=["كارگري", "كار\u200cگري"])
    assert Tag.objects.count() == 1
    tag = Tag.objects.get()
    assert list(two.tags.all()) == [tag]
    html = get(client, one.get_absolute_url()).content.decode()
    url = reverse("tag_detail", args=[tag.slug])
    assert f'href="{url}"' in html
    page = get(client, url).content.decode()
    assert page.index("Second") < page.index("First")  # newest activity first
    feed_url = reverse("feed_tag", args=[tag.slug])
    assert f'<link rel="alternate" type="application/atom+xml" href="{feed_url}"' in page
    feed = client.get(feed_url)
    assert feed.status_code == 200 and "Second" in feed.content.decode()
    # The address typed with Arabic letter forms finds the same page.
    assert get(client, "/tags/كارگري/").status_code == 200


def test_tag_page_lists_members_only_threads_only_to_members(client, alice, bob, dave, area):
    actions.create_thread(acting_user=alice, title="Open one", body="x", areas=[area], tags=["solidarity"])
    actions.create_thread(acting_user=alice, title="Closed one", body="x", areas=[area], tags=["solidarity"], visibility="members")
    for reader, sees in ((None, False), (dave, False), (bob, True)):
        if reader:
            client.force_login(reader)
        html = get(client, "/tags/solidarity/").content.decode()
        assert "Open one" in html and ("Closed one" in html) is sees
    assert "Closed one" not in client.get("/feeds/tags/solidarity/").content.decode()


def test_unknown_tag_is_404_in_the_sites_page(client, db):
    response = get(client, "/tags/no-such-tag/")
    assert response.status_code == 404 and 'class="site-header"' in response.content.decode()


def test_tag_page_is_paginated_and_its_queries_do_not_grow(client, alice, area, django_assert_num_queries):
    for n in range(3):
        actions.create_thread(acting_user=alice, title=f"T{n}", body="x", areas=[area], tags=["many"])
    get(client, "/tags/many/")
    # the tag, the count, the page of threads (authors, organizations), their areas
    with django_assert_num_queries(4):
        get(client, "/tags/many/")
    for n in range(35):
        actions.create_thread(acting_user=alice, title=f"U{n}", body="x", areas=[area], tags=["many"])
    with django_assert_num_queries(4):
        html = get(client, "/tags/many/").content.decode()
    assert 'rel="next" href="?page=2"' in html
    assert "T0" in get(client, "/tags/many/?page=2").content.decode()


def test_search_filters_by_tag(client, alice, area):
    actions.create_thread(acting_user=alice, title="Tagged", body="gandom", areas=[area], tags=["کارگری"])
    actions.create_thread(acting_user=alice, title="Untagged", body="gandom", areas=[area])
    html = get(client, "/search/?q=gandom&tag=كارگري").content.decode()
    assert "Tagged" in html and "Untagged" not in html


def test_area_page_shows_its_most_used_tags(client, alice, area):
    for n in range(3):
        actions.create_thread(acting_user=alice, title=f"A{n}", body="x", areas=[area], tags=["often"])
    actions.create_thread(acting_user=alice, title="B", body="x", areas=[area], tags=["seldom"])
    actions.create_thread(acting_user=alice, title="C", body="x", areas=[Area.objects.get(number=2)], tags=["elsewhere"])
    html = get(client, f"/areas/{area.slug}/").content.decode()
    assert html.index("#often") < html.index("#seldom")
    assert "#elsewhere" not in html


# Visitor: the tag (with whether a readable thread carries it), the count, the page of threads
# (authors, organizations), their areas. A member adds the session, the user, their memberships
# (may they read members-only threads) and the unread counts of the listed threads.
QUERIES = {"visitor": 4, "member": 8}


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "member"])
def test_tag_page_queries_do_not_grow_with_posts(client, alice, bob, area, signed_in, django_assert_num_queries):
    threads = [actions.create_thread(acting_user=alice, title=f"T{n}", body="x", areas=[area], tags=["busy"]) for n in range(2)]
    if signed_in:
        client.force_login(bob)
    get(client, "/tags/busy/")
    with django_assert_num_queries(QUERIES["member" if signed_in else "visitor"]) as first:
        get(client, "/tags/busy/")
    for n in range(40):  # more threads than a page, each with replies
        thread = actions.create_thread(acting_user=alice, title=f"U{n}", body="x", areas=[area], tags=["busy"])
        threads.append(thread)
    for thread in threads[:10]:
        for m in range(3):
            actions.create_post(acting_user=bob, thread=thread, body=f"reply {m}")
    with django_assert_num_queries(len(first.captured_queries)):
        html = get(client, "/tags/busy/").content.decode()
    assert html.count('class="thread-row') == 30


def test_a_tag_only_members_only_threads_carry_is_missing_to_others(client, alice, bob, dave, area):
    actions.create_thread(acting_user=alice, title="Closed", body="x", areas=[area], tags=["quiet plan"], visibility="members")
    for reader, status in ((None, 404), (dave, 404), (bob, 200)):
        if reader:
            client.force_login(reader)
        response = get(client, "/tags/quiet-plan/")
        assert response.status_code == status, reader
        assert ("quiet plan" in response.content.decode()) is (status == 200)
    assert client.get("/feeds/tags/quiet-plan/").status_code == 404  # feeds are public, whoever asks
