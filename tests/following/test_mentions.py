"""Mentions (issue 19): links at write time, and the completion endpoint behind the @ in post boxes."""

import pytest
from django.urls import reverse

from accounts.models import Organization, User
from tests.conftest import make_user
from threads.following import discovery_views
from threads.core import actions

pytestmark = pytest.mark.django_db
URL = reverse("mention_completions")


def test_mentions_link_to_the_person_or_organization_at_write_time(alice, dave, org_a, public_thread):
    post = actions.create_post(
        acting_user=alice, thread=public_thread,
        body="@dave and @org-a and @nobody, see `@dave` and [@dave](https://example.org). Thanks @dave.",
    )
    html = post.body_html
    assert '<a href="/people/dave/">@dave</a> and' in html
    assert '<a href="/orgs/org-a/">@org-a</a>' in html
    assert "@nobody" in html and "/people/nobody/" not in html
    assert "<code>@dave</code>" in html  # code stays code
    assert '<a href="/people/dave/">@dave</a>.' in html  # the full stop is not the name
    assert html.count('href="/people/') == 2 and html.count('href="/orgs/') == 1
    edited = actions.edit_post(acting_user=alice, post=post, body="now @org-a only", reason="")
    assert 'href="/orgs/org-a/"' in edited.body_html and "/people/dave/" not in edited.body_html


def test_a_login_name_is_not_a_mention(alice, public_thread):
    make_user("hidden-login", display_name="Open Name")
    post = actions.create_post(acting_user=alice, thread=public_thread, body="hi @hidden-login and @open-name")
    assert "/people/hidden-login/" not in post.body_html
    assert '<a href="/people/open-name/">@open-name</a>' in post.body_html


def test_completion_offers_people_and_organizations_persian_and_latin(client, alice, dave, org_a):
    make_user("sima", display_name="سیما")
    Organization.objects.create(slug="da-applying", name_fa="درخواست", name_en="Da Applying", status="applied")
    client.force_login(alice)
    results = client.get(URL, {"q": "da"}).json()["results"]
    assert {"kind": "person", "name": "dave", "label": "Dave"} in results
    assert all(r["name"] != "da-applying" for r in results)  # an applying organization is not public
    persian = client.get(URL, {"q": "سي"}).json()["results"]  # Arabic yeh typed, Persian stored
    assert [r["label"] for r in persian] == ["سیما"]
    assert client.get(URL, {"q": "org"}).json()["results"][0]["kind"] == "organization"
    assert client.get(URL, {"q": ""}).json()["results"] == []


def test_completion_never_lists_deleted_or_deactivated_people(client, alice):
    gone = make_user("gone", display_name="Gone Person")
    User.objects.filter(pk=gone.pk).update(is_active=False)
    client.force_login(alice)
    assert client.get(URL, {"q": "gone"}).json()["results"] == []


def test_completion_is_for_writers_only(client, dave):
    assert client.get(URL, {"q": "a"}).status_code == 403  # visitor
    client.force_login(dave)  # a reader with no organization has no post box
    assert client.get(URL, {"q": "a"}).status_code == 403


def test_completion_is_rate_limited(client, alice, monkeypatch):
    monkeypatch.setattr(discovery_views, "COMPLETIONS_PER_MINUTE", 3)
    client.force_login(alice)
    answers = [client.get(URL, {"q": "a"}).status_code for _ in range(5)]
    assert answers[:3] == [200, 200, 200] and answers[3:] == [429, 429]


def test_completion_queries_are_fixed(client, alice, django_assert_num_queries):
    client.force_login(alice)
    for n in range(3):
        make_user(f"al{n}", display_name=f"Al {n}")
    # session, user, memberships (may write), people, organizations
    with django_assert_num_queries(5):
        client.get(URL, {"q": "al"})
    for n in range(3, 30):
        make_user(f"al{n}", display_name=f"Al {n}")
    with django_assert_num_queries(5):
        assert len(client.get(URL, {"q": "al"}).json()["results"]) == 8
