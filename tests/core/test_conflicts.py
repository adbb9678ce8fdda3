"""Two people acting on the same thing at once (issue 17): one wins, the other is told plainly
(409 with a message) and gets back what they typed; no duplicate rows."""

import pytest
from django.test import Client

from tests.debates.test_debates import ben, cora, debate, decide, org_c, propose  # noqa: F401
from threads.core import actions
from threads.moderation import actions as moderation
from threads.models import Debate, ModerationAction, PhaseChange, Post, PostRevision

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def reply(public_thread, bob):
    return actions.create_post(acting_user=bob, thread=public_thread, body="First words")


def test_two_tabs_editing_one_post(reply, bob):
    tab_one, tab_two = signed_in(bob), signed_in(bob)
    for tab in (tab_one, tab_two):
        assert 'name="revision" value="1"' in tab.get(f"/posts/{reply.pk}/edit/").content.decode()
    assert tab_one.post(f"/posts/{reply.pk}/edit/", {"body": "Words from tab one", "revision": 1}).status_code == 302
    late = tab_two.post(f"/posts/{reply.pk}/edit/", {"body": "Words from tab two", "revision": 1})
    page = late.content.decode()
    assert late.status_code == 409
    assert "changed elsewhere while you were editing" in page
    assert "Words from tab two" in page and "Words from tab one" in page  # their text, and the post as it is now
    reply.refresh_from_db()
    assert reply.body_source == "Words from tab one" and PostRevision.objects.filter(post=reply).count() == 2
    # knowingly saving again (the form now carries the new version) replaces it
    assert 'name="revision" value="2"' in page
    assert tab_two.post(f"/posts/{reply.pk}/edit/", {"body": "Words from tab two", "revision": 2}).status_code == 302
    reply.refresh_from_db()
    assert reply.body_source == "Words from tab two"


def test_a_moderator_editing_a_post_its_author_just_changed(reply, bob, mona):
    moderator = signed_in(mona)
    assert 'name="revision" value="1"' in moderator.get(f"/moderation/posts/{reply.pk}/").content.decode()
    actions.edit_post(acting_user=bob, post=reply, body="The author's new words")
    late = moderator.post(
        f"/moderation/posts/{reply.pk}/", {"do": "edit", "body": "Moderated words", "reason": "Tone", "revision": 1}
    )
    assert late.status_code == 409
    assert "changed while you were editing" in late.content.decode() and "Moderated words" in late.content.decode()
    reply.refresh_from_db()
    assert reply.body_source == "The author's new words"


def test_two_moderators_deciding_one_flag(reply, alice, mona, root):
    moderation.flag_post(acting_user=alice, post=reply, kind="spam", note="")
    first, second = signed_in(mona), signed_in(root)
    assert first.post(f"/moderation/posts/{reply.pk}/", {"do": "dismiss", "reason": ""}).status_code == 302
    late = second.post(f"/moderation/posts/{reply.pk}/", {"do": "uphold", "reason": "Spam, clearly"})
    assert late.status_code == 409
    page = late.content.decode()
    assert "Already done: Mona dismissed flags" in page and "Spam, clearly" in page  # told, and the reason typed is kept
    assert ModerationAction.objects.filter(action__in=["uphold_flags", "dismiss_flags"]).count() == 1
    assert Post.objects.get(pk=reply.pk).is_visible


def test_two_people_moving_one_debates_phase(debate, cora, mona):
    chair, moderator = signed_in(cora), signed_in(mona)
    url = f"/debates/{debate.thread_id}/phase/"
    seen, changes = debate.phase, PhaseChange.objects.filter(debate=debate).count()
    assert chair.post(url, {"phase": "rebuttals", "from_phase": seen}).status_code == 302
    late = moderator.post(url, {"phase": "rebuttals", "from_phase": seen, "reason": "My reason"})
    assert late.status_code == 409
    assert "while you were deciding" in late.content.decode() and "My reason" in late.content.decode()
    assert PhaseChange.objects.filter(debate=debate).count() == changes + 1
    assert Debate.objects.get(pk=debate.pk).phase == "rebuttals"


def test_a_stance_typed_while_the_chair_concludes(debate, cora, rana, alice, org_a):
    point = decide(cora, propose(alice, debate))
    representative = signed_in(rana)
    url = f"/debates/points/{point.pk}/stance/"
    assert representative.get(url).status_code == 200
    Debate.objects.filter(pk=debate.pk).update(phase=Debate.Phase.CONCLUDED)  # the chair concludes meanwhile
    late = representative.post(url, {"organization": org_a.pk, "value": "agree", "reason": "Our careful reason"})
    assert late.status_code == 409
    page = late.content.decode()
    assert "This debate is concluded" in page and "Our careful reason" in page
