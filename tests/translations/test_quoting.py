"""Quoting carries both languages (issue 20).

A debate reply that quotes a ledger point or a position shows it in the reader's language when a
visible translation exists, marked, with the original one click away (no JavaScript); the reply
form's choices read in the reader's language. A post's "Quote" link fills the reply box with a
Markdown quote of the text the reader sees (the translation and the original when it is a
translation); GET writes nothing, members-only stays members-only, and a held, hidden or corrected
post cannot be quoted."""

import html as html_module
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.translations.test_target_translations import (  # noqa: F401 - fixtures
    POINT_EN, POINT_FA, POSITION_EN, POSITION_FA, ben, cora, debate, english, position, point,
)
from tests.translations.test_translations import ENGLISH, PERSIAN, opening, persian_thread, volunteer  # noqa: F401
from threads.core import actions
from threads.debates import actions as da
from threads.models import Debate, Post, Translation
from threads.moderation import actions as moderation_actions
from threads.translations import actions as tr_actions

pytestmark = pytest.mark.django_db
P = Debate.Phase


@pytest.fixture
def open_floor(debate, cora):
    da.move_phase(acting_user=cora, debate=debate, to_phase=P.REBUTTALS, reason="")
    return da.move_phase(acting_user=cora, debate=debate, to_phase=P.OPEN_FLOOR, reason="")


def reply(user, debate, body="A reply.", **kwargs):
    return actions.create_post(acting_user=user, thread=debate.thread, body=body, **kwargs)


def quote_box(html: str, post_pk: int) -> str:
    match = re.search(rf'id="post-{post_pk}".*?<div class="post-quote.*?</div>', html, re.S)
    assert match, f"post {post_pk} has no quote"
    return match.group(0)


class TestQuotedPointsAndPositions:
    def test_a_quoted_point_reads_in_the_readers_language(self, client, open_floor, alice, bob, cora, point):
        da.decide_point(acting_user=cora, point=point, decision="accepted")
        tr_actions.translate_text(acting_user=alice, target=point, language="en", text=POINT_EN)
        answer = reply(bob, open_floor, "Indeed.", quote=point, agreement="agree")
        url = open_floor.thread.get_absolute_url()
        box = quote_box(english(client).get(url).content.decode(), answer.pk)
        assert POINT_EN in box and "translated by the author" in box  # alice proposed and translated it
        assert re.search(r'<details class="post-original"><summary>Show the original</summary><p dir="rtl" lang="fa">'
                         + re.escape(POINT_FA), box)
        # a Persian reader sees the original, no mark
        client.cookies["hamgami_language"] = "fa"
        box = quote_box(client.get(url).content.decode(), answer.pk)
        assert POINT_EN not in box and POINT_FA in box and "translation-mark" not in box

    def test_a_hidden_translation_is_not_quoted(self, client, open_floor, alice, bob, cora, mona, point):
        translation = tr_actions.translate_text(acting_user=alice, target=point, language="en", text=POINT_EN)
        tr_actions.hide_translation(acting_user=mona, translation=translation, reason="Wrong")
        answer = reply(bob, open_floor, "Indeed.", quote=point)
        box = quote_box(english(client).get(open_floor.thread.get_absolute_url()).content.decode(), answer.pk)
        assert POINT_EN not in box and POINT_FA in box

    def test_a_quoted_position_reads_in_the_readers_language_and_version(self, client, open_floor, rana, bob,
                                                                          position, org_a, volunteer):
        tr_actions.translate_text(acting_user=volunteer, target=position, language="en", text=POSITION_EN)
        first = reply(volunteer, open_floor, "On your position.", quote=position)
        url = open_floor.thread.get_absolute_url()
        box = quote_box(english(client).get(url).content.decode(), first.pk)
        assert POSITION_EN in box and "translated by" in box and volunteer.get_absolute_url() in box
        assert "translation-outdated" not in box and POSITION_FA in box  # the original, in <details>
        # the representative revises the position: the old quote still shows the translation of
        # what it quoted; a quote of the new version shows it marked outdated
        revised = "ما از تحریم پشتیبانی می‌کنیم، با شرط."
        da.publish_position(acting_user=rana, debate=open_floor, organization=org_a, stance="supports",
                            statement=revised)
        position.refresh_from_db()
        second = reply(volunteer, open_floor, "On the new version.", quote=position)
        html = english(client).get(url).content.decode()
        assert POSITION_EN in quote_box(html, first.pk) and "translation-outdated" not in quote_box(html, first.pk)
        box = quote_box(html, second.pk)
        assert POSITION_EN in box and "translation-outdated" in box and revised in box
        # the translation updated to the second version: the first quote (of version 1) shows the original
        translation = Translation.objects.get(position=position)
        tr_actions.translate_text(acting_user=volunteer, target=position, language="en",
                                  text="We support the boycott, on a condition.", expected_version=translation.version)
        html = english(client).get(url).content.decode()
        assert "on a condition" not in quote_box(html, first.pk) and POSITION_FA in quote_box(html, first.pk)
        assert "on a condition" in quote_box(html, second.pk) and "translation-outdated" not in quote_box(html, second.pk)

    def test_the_reply_forms_choices_read_in_the_readers_language(self, client, login, open_floor, alice, bob,
                                                                   cora, point):
        da.decide_point(acting_user=cora, point=point, decision="accepted")
        tr_actions.translate_text(acting_user=alice, target=point, language="en", text=POINT_EN)
        html = english(login(bob)).get(open_floor.thread.get_absolute_url()).content.decode()
        assert re.search(r'<option value="point-\d+">Point 1: ' + re.escape(POINT_EN), html)
        # sent back with a problem, the form still reads in English
        response = client.post(reverse("thread_reply", args=[open_floor.thread_id]),
                               {"body": "", "responds_to": f"point-{point.pk}"})
        assert response.status_code == 400
        assert "Point 1: " + POINT_EN in response.content.decode()
        client.cookies["hamgami_language"] = "fa"
        assert POINT_FA in client.get(open_floor.thread.get_absolute_url()).content.decode()

    def test_the_thread_page_queries_do_not_grow_with_translated_quotes(self, client, open_floor, alice, bob, cora,
                                                                        rana, org_a, point, position, volunteer,
                                                                        django_assert_num_queries):
        da.decide_point(acting_user=cora, point=point, decision="accepted")
        reply(alice, open_floor, quote=point, agreement="agree")
        url = open_floor.thread.get_absolute_url()
        english(client).get(url)
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        tr_actions.translate_text(acting_user=alice, target=point, language="en", text=POINT_EN)
        tr_actions.translate_text(acting_user=volunteer, target=position, language="en", text=POSITION_EN)
        for n in range(6):
            other = da.propose_point(acting_user=alice, debate=open_floor, text=f"نکتهٔ {n}")
            tr_actions.translate_text(acting_user=alice, target=other, language="en", text=f"Point number {n}")
            reply(bob, open_floor, f"Reply {n}", quote=other if n % 2 else position)
        with django_assert_num_queries(len(few.captured_queries)):
            html = client.get(url).content.decode()
        assert "Reply 5" in html and "Point number 5" in html and POSITION_EN in html


# --- quoting a post -------------------------------------------------------------------------------


def thread_url(post, query=""):
    return post.thread.get_absolute_url() + query


def reply_box(html: str) -> str:
    match = re.search(r'<textarea name="body"[^>]*>(.*?)</textarea>', html, re.S)
    assert match, "no reply box"
    return html_module.unescape(match.group(1)).removeprefix("\n")


class TestQuotingAPost:
    def test_each_visible_post_has_a_quote_link(self, login, opening, bob):
        html = login(bob).get(thread_url(opening)).content.decode()
        assert f'href="?quote=post-{opening.pk}#reply" class="quote-post-link" data-quote="{opening.pk}"' in html
        assert 'data-quote-url="/posts/0/quote/"' in html

    def test_without_javascript_the_box_starts_with_the_quote(self, login, opening, bob):
        html = login(bob).get(thread_url(opening, f"?quote=post-{opening.pk}")).content.decode()
        box = reply_box(html)
        assert box.startswith("> " + PERSIAN)
        assert f"(/posts/{opening.pk}/#post-{opening.pk})" in box and f"[{opening.author.public_name}]({opening.author.get_absolute_url()})" in box
        assert "translated by" not in box

    def test_a_translation_quoted_carries_the_original(self, client, login, opening, volunteer, dave):
        tr_actions.translate_text(acting_user=volunteer, target=opening, language="en", text=ENGLISH)
        quote = english(login(volunteer)).get(reverse("post_quote", args=[opening.pk]))
        assert quote.status_code == 200 and quote["Content-Type"].startswith("text/plain")
        text = quote.content.decode()
        author = f"[{opening.author.public_name}]({opening.author.get_absolute_url()})"
        assert text.startswith(f"> {ENGLISH}\n>\n> — {author}, in [this post](/posts/{opening.pk}/#post-{opening.pk})")
        assert f"translated by [{volunteer.public_name}]({volunteer.get_absolute_url()}); the original:" in text
        assert f"> > {PERSIAN}" in text
        # the same in the box without JavaScript
        box = reply_box(client.get(thread_url(opening, f"?quote=post-{opening.pk}")).content.decode())
        assert ENGLISH in box and f"> > {PERSIAN}" in box
        # posted, it renders (sanitized) with both texts, and alice hears she was quoted
        response = client.post(reverse("thread_reply", args=[opening.thread_id]), {"body": text + "\nI agree."})
        assert response.status_code == 302
        posted = Post.objects.latest("pk")
        assert posted.body_html.count("<blockquote") == 2 and PERSIAN in posted.body_html
        assert opening.author.notifications.filter(kind="quote").exists()

    def test_in_persian_the_quote_reads_in_persian(self, client, login, opening, volunteer):
        tr_actions.translate_text(acting_user=volunteer, target=opening, language="en", text=ENGLISH)
        client.force_login(volunteer)
        client.cookies["hamgami_language"] = "fa"
        text = client.get(reverse("post_quote", args=[opening.pk])).content.decode()
        assert text.startswith(f"> {PERSIAN}") and ENGLISH not in text and "این پست" in text

    def test_get_writes_nothing(self, login, opening, bob):
        client = login(bob)
        client.get(thread_url(opening))  # where bob stopped reading is written once, by the first visit
        with CaptureQueriesContext(connection) as queries:
            client.get(thread_url(opening, f"?quote=post-{opening.pk}"))
            client.get(reverse("post_quote", args=[opening.pk]))
        writes = [q["sql"] for q in queries.captured_queries if not q["sql"].lstrip().upper().startswith("SELECT")]
        assert writes == []

    def test_held_hidden_and_corrected_posts_cannot_be_quoted(self, client, login, opening, alice, bob, mona):
        hidden = actions.create_post(acting_user=alice, thread=opening.thread, body="Rude words here.")
        moderation_actions.hide_post(acting_user=mona, post=hidden, reason="Not comradely")
        corrected = actions.create_post(acting_user=alice, thread=opening.thread, body="My address is 12 Elm St.")
        moderation_actions.edit_post_as_moderator(acting_user=mona, post=corrected, body="My address is [removed].",
                                               reason="Privacy", hide_history=True)
        html = english(login(bob)).get(thread_url(opening)).content.decode()
        assert f"?quote=post-{hidden.pk}#" not in html
        assert login(bob).get(reverse("post_quote", args=[hidden.pk])).status_code == 403
        page = client.get(thread_url(opening, f"?quote=post-{hidden.pk}"))
        assert page.status_code == 200 and "Only a post others can read can be quoted." in page.content.decode()
        assert reply_box(page.content.decode()).strip() == ""
        refused = client.get(reverse("post_quote", args=[corrected.pk]))
        assert refused.status_code == 403
        page = client.get(thread_url(opening, f"?quote=post-{corrected.pk}")).content.decode()
        assert "cannot be quoted" in page and "Elm" not in reply_box(page)

    def test_a_post_of_another_thread_is_not_quoted_here(self, login, opening, alice, bob, area):
        other = actions.create_thread(acting_user=alice, title="Other", body="Elsewhere.", areas=[area]).posts.get()
        page = english(login(bob)).get(thread_url(opening, f"?quote=post-{other.pk}")).content.decode()
        assert "There is no such post in this thread to quote." in page and "Elsewhere" not in reply_box(page)
        page = login(bob).get(thread_url(opening, "?quote=post-nonsense")).content.decode()
        assert "There is no such post in this thread to quote." in page

    def test_a_visitor_is_sent_to_sign_in(self, client, opening):
        response = client.get(reverse("post_quote", args=[opening.pk]))
        assert response.status_code == 302 and "login" in response["Location"]
