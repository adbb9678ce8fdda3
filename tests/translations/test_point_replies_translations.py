"""The replies page of a ledger point shows each reply as the thread page does (issue 20): in the
reader's language when a visible translation exists, marked, with the original one click away
(no JavaScript), in the same five queries however many replies and translations there are; a
members-only debate's replies stay unseen by outsiders."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.translations.test_target_translations import (  # noqa: F401 - fixtures
    POINT_EN, POINT_FA, ben, cora, debate, english, point, start,
)
from accounts.models import User
from threads.core import actions
from threads.debates import actions as da
from threads.models import Debate, Translation
from threads.translations import actions as tr_actions

pytestmark = pytest.mark.django_db
P = Debate.Phase

REPLY_FA = "با این نکته موافقم، چون انتخابات زیر نظارت استصوابی است."
REPLY_EN = "I agree with this point, since the election is vetted in advance."


def to_open_floor(debate, cora):
    da.move_phase(acting_user=cora, debate=debate, to_phase=P.REBUTTALS, reason="")
    return da.move_phase(acting_user=cora, debate=debate, to_phase=P.OPEN_FLOOR, reason="")


@pytest.fixture
def open_floor(debate, cora):
    return to_open_floor(debate, cora)


def replies_url(debate, point, query=""):
    return reverse("debate_point_replies", args=[debate.thread_id, point.number]) + query


def item(html: str, post) -> str:
    found = re.search(rf'<li class="post [^"]*" id="post-{post.pk}".*?</li>', html, re.S)
    assert found, f"reply {post.pk} is on the page"
    return found.group(0)


@pytest.fixture
def answer(open_floor, point, bob):
    post = actions.create_post(acting_user=bob, thread=open_floor.thread, body=REPLY_FA, quote=point, agreement="agree")
    tr_actions.add_or_update_translation(acting_user=bob, post=post, language="en", body=REPLY_EN)
    return post


def test_a_reply_reads_in_the_readers_language_with_the_original_a_click_away(client, open_floor, point, answer):
    box = item(english(client).get(replies_url(open_floor, point)).content.decode(), answer)
    assert REPLY_EN in box and "translated by the author" in box and "translation-mark" in box
    assert re.search(r'<details class="post-original"><summary>Show the original</summary>\s*<div class="post-body" '
                     r'dir="rtl" lang="fa">', box)
    assert REPLY_FA in box
    assert "agrees" in box  # what it says of the point, as before
    # the no-JavaScript switch: the original, with the way back to the translation
    box = item(client.get(replies_url(open_floor, point, f"?original={answer.pk}")).content.decode(), answer)
    assert REPLY_FA in box and REPLY_EN not in box and "Show the translation" in box
    # a Persian reader reads the original, unmarked
    client.cookies["hamgami_language"] = "fa"
    box = item(client.get(replies_url(open_floor, point)).content.decode(), answer)
    assert REPLY_FA in box and REPLY_EN not in box and "translation-mark" not in box


def test_a_volunteers_translation_names_them_and_a_hidden_one_is_not_shown(client, open_floor, point, alice, bob, mona):
    post = actions.create_post(acting_user=bob, thread=open_floor.thread, body=REPLY_FA, quote=point)
    User.objects.filter(pk=alice.pk).update(volunteers_as_translator=True)
    alice.refresh_from_db()
    tr_actions.add_or_update_translation(acting_user=alice, post=post, language="en", body=REPLY_EN)
    box = item(english(client).get(replies_url(open_floor, point)).content.decode(), post)
    assert REPLY_EN in box and "translated by" in box and "Alice" in box
    translation = Translation.objects.get(post=post)
    tr_actions.hide_translation(acting_user=mona, translation=translation, reason="Wrong")
    box = item(client.get(replies_url(open_floor, point)).content.decode(), post)
    assert REPLY_FA in box and REPLY_EN not in box and "translation-mark" not in box


def test_the_page_stays_at_five_queries(client, django_assert_num_queries, open_floor, point, alice, bob, rana):
    tr_actions.translate_text(acting_user=alice, target=point, language="en", text=POINT_EN)
    url = replies_url(open_floor, point)
    english(client)
    # the thread, the debate and its chair, the point, its replies, the translations of the point
    # and of every reply (one query, translators included)
    with django_assert_num_queries(5):
        client.get(url)
    for n, author in enumerate([bob, rana, alice, bob, rana, alice]):
        post = actions.create_post(acting_user=author, thread=open_floor.thread, body=f"پاسخ شمارهٔ {n}", quote=point)
        tr_actions.add_or_update_translation(acting_user=author, post=post, language="en", body=f"Reply number {n}")
    with django_assert_num_queries(5):
        html = client.get(url).content.decode()
    assert "Reply number 5" in html and html.count("translated by the author") == 6 and POINT_EN in html


def test_a_members_only_debates_replies_stay_unseen_by_outsiders(alice, bob, cora, dave, rana, ben, org_a, org_b, area):
    debate = to_open_floor(start(alice, cora, org_a, org_b, area, visibility="members"), cora)
    point = da.propose_point(acting_user=alice, debate=debate, text=POINT_FA)
    post = actions.create_post(acting_user=bob, thread=debate.thread, body=REPLY_FA, quote=point)
    tr_actions.add_or_update_translation(acting_user=bob, post=post, language="en", body=REPLY_EN)
    missing = reverse("debate_point_replies", args=[debate.thread_id, 99])
    for outsider in (None, dave):
        reader = Client()
        reader.cookies["hamgami_language"] = "en"
        if outsider:
            reader.force_login(outsider)
        response = reader.get(replies_url(debate, point))
        assert response.status_code == 404 and REPLY_EN not in response.content.decode()
        assert reader.get(missing).status_code == 404
    member = Client()
    member.cookies["hamgami_language"] = "en"
    member.force_login(alice)
    assert REPLY_EN in member.get(replies_url(debate, point)).content.decode()
