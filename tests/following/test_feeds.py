"""Atom feeds (issue 7): valid Atom, public content only, whoever asks."""

import xml.etree.ElementTree as ET

import pytest

from accounts.models import Membership
from tests.conftest import join, make_user
from threads.moderation import actions as moderation_actions
from threads.core import actions
from threads.debates import actions as debate_actions
from threads.models import Debate

ATOM = "{http://www.w3.org/2005/Atom}"


def parse_atom(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    assert feed.find(f"{ATOM}link[@rel='alternate']") is not None
    for entry in feed.findall(f"{ATOM}entry"):
        for required in ("id", "title", "updated"):
            assert (entry.find(f"{ATOM}{required}").text or "").strip(), required
        assert entry.find(f"{ATOM}link").get("href").startswith("http")
        assert entry.find(f"{ATOM}author/{ATOM}name") is not None or feed.find(f"{ATOM}author") is not None
    return feed


def titles(feed) -> list[str]:
    return [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")]


def text_of(response) -> str:
    return response.content.decode()


@pytest.fixture
def content(alice, bob, mona, rana, org_a, area, public_thread, members_thread):
    reply = actions.create_post(acting_user=bob, thread=public_thread, body="A visible reply")
    hidden = actions.create_post(acting_user=bob, thread=public_thread, body="A reply to be hidden")
    moderation_actions.hide_post(acting_user=mona, post=hidden, reason="off topic")
    actions.create_post(acting_user=alice, thread=members_thread, body="Members-only reply")
    org_thread = actions.create_thread(
        acting_user=rana, title="Speaking for A", body="On behalf", areas=[area], on_behalf_of=org_a
    )
    actions.create_thread(
        acting_user=rana, title="Secret for A", body="Hush", areas=[area], on_behalf_of=org_a, visibility="members"
    )
    return {"reply": reply, "org_thread": org_thread}


@pytest.mark.django_db
@pytest.mark.parametrize("as_member", [False, True])
def test_home_area_and_org_feeds(client, content, alice, area, org_a, as_member):
    if as_member:
        client.force_login(alice)  # a member asking changes nothing: feeds are public content only
    for url in ("/feeds/", f"/feeds/areas/{area.slug}/", f"/feeds/orgs/{org_a.slug}/"):
        response = client.get(url)
        feed = parse_atom(response)
        assert "members-only" not in text_of(response) and "Secret" not in text_of(response)
        assert "Hush" not in text_of(response)
        assert "Speaking for A" in titles(feed)
    assert "A public thread" in titles(parse_atom(client.get("/feeds/")))
    assert "A public thread" not in titles(parse_atom(client.get(f"/feeds/orgs/{org_a.slug}/")))


@pytest.mark.django_db
def test_thread_feed(client, content, public_thread, members_thread, alice):
    response = client.get(f"/feeds/threads/{public_thread.pk}/")
    feed = parse_atom(response)
    assert len(feed.findall(f"{ATOM}entry")) == 2  # the opening post and the visible reply
    assert "A visible reply" in text_of(response)
    assert "to be hidden" not in text_of(response)
    client.force_login(alice)
    assert client.get(f"/feeds/threads/{members_thread.pk}/").status_code == 404
    assert client.get("/feeds/threads/999999/").status_code == 404
    assert client.get("/feeds/areas/no-such-area/").status_code == 404
    assert client.get("/feeds/orgs/no-such-org/").status_code == 404


@pytest.mark.django_db
def test_positions_feed(client, alice, rana, org_a, org_b, area):
    ben = make_user("ben")
    join(ben, org_b, Membership.Role.REPRESENTATIVE)
    debate = debate_actions.start_debate(
        acting_user=alice, title="Boycott?", motion="Should we?", body="Let us debate", difference="political",
        areas=[area], organizations=[org_a, org_b],
    )
    debate_actions.publish_position(
        acting_user=rana, debate=debate, organization=org_a, stance="supports", statement="We support it"
    )
    response = client.get(f"/feeds/debates/{debate.thread_id}/positions/")
    feed = parse_atom(response)
    assert len(feed.findall(f"{ATOM}entry")) == 1
    assert "We support it" in text_of(response)
    Debate.objects.filter(pk=debate.pk).update()
    debate.thread.visibility = "members"
    debate.thread.save()
    assert client.get(f"/feeds/debates/{debate.thread_id}/positions/").status_code == 404
