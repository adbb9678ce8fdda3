"""The thread page assembled from kept post pieces is the page a fresh render gives (issue 16).

threads/templatetags/post_fragments.py keeps each post's reader-independent HTML and fills in
each reader's own links. These tests render every page twice — with the pieces off (every post
through the template, as before) and on — for every kind of reader (visitor, signed-in without an
organization, member, author, translator, representative, moderator) in both languages, over
posts in every state, and after each action that changes what a post shows. The only difference
allowed is the CSRF token, which Django masks afresh on every request, and the words of a
relative time ("just now"), which the clock moves between two requests (the <time> element's
attributes are compared).
"""

import datetime
import re

import pytest
from django.test import Client

from accounts import actions as account_actions
from accounts import people_actions
from accounts.models import User
from tests.conftest import PASSWORD, make_user, with_two_factor
from tests.debates.test_debates import ben, cora, debate, decide, open_floor, org_c, post_in, propose, publish  # noqa: F401
from threads.core import actions
from threads.models import Post
from threads.moderation import actions as moderation
from threads.templatetags import post_fragments
from threads.translations import actions as translation_actions
from threads.translations.models import Translation

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
RELATIVE = re.compile(r'(data-relative="1">)[^<]*(</time>)')  # "just now" becomes "1 minute ago" on a slow machine


@pytest.fixture(autouse=True)
def _nothing_kept():
    post_fragments.clear()
    yield
    post_fragments.clear()


def page(url: str, user, language: str, settings, kept: bool) -> str:
    settings.HAMGAMI = {**settings.HAMGAMI, "POST_FRAGMENTS": 5000 if kept else 0}
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    html = CSRF.sub('name="csrfmiddlewaretoken" value="…"', response.content.decode())
    return RELATIVE.sub(r"\1…\2", html)


def assert_same(url: str, reader, language: str, settings) -> str:
    """One reader's page from kept pieces equals their fresh one (after a first view has read
    their notices, which the bell shows)."""
    page(url, reader, language, settings, kept=False)
    assembled = page(url, reader, language, settings, kept=True)
    assert assembled == page(url, reader, language, settings, kept=False), (url, reader, language)
    return assembled


def assert_same_for_everyone(urls, readers, settings) -> dict:
    """Fresh renders first; then the kept pieces, filled by the first reader and reused by the
    others (in both orders, so no reader's pieces are only ever their own)."""
    for url in urls:  # a first view marks notices and the read position: later views are alike
        for reader in readers:
            page(url, reader, "en", settings, kept=False)
    fresh = {}
    for url in urls:
        for language in ("fa", "en"):
            for reader in readers:
                fresh[url, language, reader] = page(url, reader, language, settings, kept=False)
    assert post_fragments.kept() == 0
    for order in (readers, readers[::-1]):
        for url in urls:
            for language in ("fa", "en"):
                for reader in order:
                    assembled = page(url, reader, language, settings, kept=True)
                    assert assembled == fresh[url, language, reader], (url, language, reader)
        if order is readers:
            kept_after_first_pass = post_fragments.kept()
            assert kept_after_first_pass > 0
    assert post_fragments.kept() == kept_after_first_pass  # the second pass only reused pieces
    return fresh


@pytest.fixture
def many_states(public_thread, alice, bob, rana, mona, dave, org_a, settings):
    """A thread whose posts are in every state a post can be in."""
    thread = public_thread
    first = actions.create_post(acting_user=bob, thread=thread, body="یک پاسخ ساده به فارسی، با **تأکید**.")
    edited = actions.create_post(acting_user=alice, thread=thread, body="Before the edit.", reply_to=first)
    actions.edit_post(acting_user=alice, post=edited, body="After the edit, with a [link](https://example.org).")
    hidden = actions.create_post(acting_user=bob, thread=thread, body="Something rude.")
    moderation.hide_post(acting_user=mona, post=hidden, reason="Rude <b>words</b>")
    held = actions.create_post(acting_user=bob, thread=thread, body="Waiting for a moderator.")
    Post.objects.filter(pk=held.pk).update(state=Post.State.QUEUED)  # as premoderation leaves it
    actions.create_post(acting_user=rana, thread=thread, body="On behalf of our organization.", on_behalf_of=org_a)
    account_actions.set_volunteer_translator(acting_user=alice, volunteers=True)
    translated = actions.create_post(acting_user=bob, thread=thread, body="این متن ترجمه شده است.")
    translation_actions.add_or_update_translation(acting_user=alice, post=translated, language="en", body="This text is translated.")
    own = actions.create_post(acting_user=bob, thread=thread, body="نوشتهٔ خودم را خودم ترجمه کردم.")
    translation_actions.add_or_update_translation(acting_user=bob, post=own, language="en", body="I translated my own writing.")
    outdated = actions.create_post(acting_user=bob, thread=thread, body="متنی که بعداً ویرایش شد.")
    translation_actions.add_or_update_translation(acting_user=alice, post=outdated, language="en", body="A text edited later.")
    actions.edit_post(acting_user=bob, post=outdated, body="متنی که بعداً ویرایش شد، و بیشتر.")
    hidden_translation = actions.create_post(acting_user=bob, thread=thread, body="ترجمه‌اش پنهان شد.")
    translation = translation_actions.add_or_update_translation(
        acting_user=alice, post=hidden_translation, language="en", body="Its translation was hidden."
    )
    translation_actions.hide_translation(acting_user=mona, translation=translation, reason="Wrong")
    english = actions.create_post(acting_user=alice, thread=thread, body="An English post, translated into Persian.")
    translation_actions.add_or_update_translation(acting_user=alice, post=english, language="fa", body="یک نوشتهٔ انگلیسی، به فارسی.")
    redacted = actions.create_post(acting_user=bob, thread=thread, body="My phone is 0912 000 0000.")
    moderation.edit_post_as_moderator(acting_user=mona, post=redacted, body="My phone is (removed).", reason="Privacy", hide_history=True)
    return thread


def test_every_reader_and_language_gets_the_fresh_page(many_states, alice, bob, rana, mona, dave, root, area, settings):
    url = many_states.get_absolute_url()
    area_moderator = with_two_factor(make_user("arash", display_name="Arash"))
    moderation.appoint_moderator(acting_user=root, user=area_moderator, area=area)
    translated = Translation.objects.filter(post__thread=many_states).first().post_id
    fresh = assert_same_for_everyone(
        [url, f"{url}?original={translated}", f"{url}?page=1"], [None, dave, alice, bob, rana, mona, area_moderator, root], settings
    )
    # the readers' own parts differ, so the comparison above could fail
    assert "moderate-link" in fresh[url, "en", area_moderator] and "moderate-link" not in fresh[url, "en", bob]
    assert "edit-link" in fresh[url, "fa", bob] and "edit-link" not in fresh[url, "fa", None]
    assert "flag-translation" in fresh[url, "en", bob] and "flag-translation" not in fresh[url, "en", None]
    assert "Waiting for a moderator." in fresh[url, "en", bob] and "Waiting for a moderator." not in fresh[url, "en", alice]


def test_members_only_thread(members_thread, alice, bob, mona, settings):
    actions.create_post(acting_user=bob, thread=members_thread, body="Members only, from bob.")
    fresh = assert_same_for_everyone([members_thread.get_absolute_url()], [alice, bob, mona], settings)
    assert any("Members only, from bob." in html for html in fresh.values())


def test_a_debate_with_quotes(open_floor, alice, bob, rana, cora, mona, org_a, settings):  # noqa: F811
    point = decide(cora, propose(alice, open_floor))
    post_in(alice, open_floor, "Yes.", quote=point, agreement="agree")
    position = publish(rana, open_floor, org_a, "supports", "We support it fully.")
    post_in(bob, open_floor, "No.", quote=position, agreement="disagree")
    post_in(bob, open_floor, "Hmm.", quote=position)
    fresh = assert_same_for_everyone([open_floor.thread.get_absolute_url()], [None, alice, bob, rana, cora, mona], settings)
    assert "post-quote-disagree" in fresh[open_floor.thread.get_absolute_url(), "en", None]


def test_translated_quotes_and_a_chair_who_moderates_texts(open_floor, alice, bob, rana, cora, mona, org_a, settings):  # noqa: F811
    """A quoted point's and position's translation is part of what a piece shows; the chair, who may
    hide translations in their debate, gets the page with those forms, never a kept piece."""
    point = decide(cora, propose(alice, open_floor))
    post_in(alice, open_floor, "Yes.", quote=point, agreement="agree")
    position = publish(rana, open_floor, org_a, "supports", "We support it fully.")
    post_in(bob, open_floor, "No.", quote=position, agreement="disagree")
    reply = post_in(bob, open_floor, "A reply to translate.")
    url = open_floor.thread.get_absolute_url()
    readers = [None, alice, bob, rana, cora, mona]
    assert_same_for_everyone([url], readers, settings)  # pieces kept before the translations
    account_actions.set_volunteer_translator(acting_user=alice, volunteers=True)
    translation_actions.translate_text(acting_user=alice, target=point, language="fa", text="نکته‌ای به فارسی.")
    translation_actions.translate_text(acting_user=rana, target=position, language="fa", text="ما کاملاً پشتیبانی می‌کنیم.")
    translation_actions.translate_text(acting_user=alice, target=reply, language="fa", text="پاسخی برای ترجمه.")
    for language in ("fa", "en"):
        for reader in readers:
            assembled = assert_same(url, reader, language, settings)
            if language == "fa":
                assert "ما کاملاً پشتیبانی می‌کنیم." in assembled and "نکته‌ای به فارسی." in assembled
    assert 'value="hide"' in page(url, cora, "fa", settings, kept=True)
    assert 'value="hide"' not in page(url, bob, "fa", settings, kept=True)


def test_a_marker_inside_someones_text_is_never_kept(public_thread, bob, settings):
    actions.create_post(acting_user=bob, thread=public_thread, body=f"odd {post_fragments.MARK} text")
    url = public_thread.get_absolute_url()
    assert page(url, bob, "en", settings, kept=True) == page(url, bob, "en", settings, kept=False)


# --- every action that changes what a post shows changes what the page assembles --------------


def _edit(post, **people):
    actions.edit_post(acting_user=post.author, post=post, body="CHANGED by its author.")
    return "CHANGED by its author."


def _hide(post, mona, **people):
    moderation.hide_post(acting_user=mona, post=post, reason="CHANGED reason")
    return "CHANGED reason"


def _translate(post, alice, **people):
    account_actions.set_volunteer_translator(acting_user=alice, volunteers=True)
    translation_actions.add_or_update_translation(acting_user=alice, post=post, language="fa", body="ترجمهٔ تازه CHANGED")
    return "ترجمهٔ تازه CHANGED"


def _redact(post, mona, **people):
    moderation.edit_post_as_moderator(acting_user=mona, post=post, body="CHANGED (removed).", reason="Privacy", hide_history=True)
    return "CHANGED (removed)."


def _rename(post, **people):
    account_actions.update_profile(acting_user=post.author, display_name="CHANGED Name")
    return "CHANGED Name"


def _delete(post, **people):
    account_actions.delete_account(acting_user=post.author, password=PASSWORD)
    return None


def _rename_org(post, rana, org_a, **people):
    account_actions.update_organization(
        acting_user=rana, organization=org_a, name_fa="نام تازه", name_en="CHANGED Org", description="d"
    )
    return "CHANGED Org"


ACTIONS = {
    "edit": _edit, "hide": _hide, "translate": _translate, "redact": _redact, "rename": _rename,
    "delete account": _delete, "rename organization": _rename_org,
}


@pytest.mark.parametrize("name", list(ACTIONS))
def test_each_action_shows_on_the_assembled_page(name, public_thread, alice, bob, rana, mona, dave, org_a, settings):
    post = actions.create_post(acting_user=bob, thread=public_thread, body="The original words.")
    if name == "rename organization":
        post = actions.create_post(acting_user=rana, thread=public_thread, body="For the organization.", on_behalf_of=org_a)
    url = public_thread.get_absolute_url()
    readers = [None, dave, alice, rana, mona]
    for reader in readers:  # every reader's view kept before the action (and their notices read)
        for language in ("fa", "en"):
            page(url, reader, language, settings, kept=True)
    post.refresh_from_db()
    shown = ACTIONS[name](post, alice=alice, mona=mona, rana=rana, org_a=org_a)
    post.refresh_from_db()
    for reader in readers:
        for language in ("fa", "en"):
            assert_same(url, reader, language, settings)
    english = page(url, None, "en", settings, kept=True)
    if shown and name != "translate":
        assert shown in english
    if name == "translate":
        assert shown in page(url, None, "fa", settings, kept=True)
    if name == "delete account":
        assert "deleted user" in english


def test_hide_then_restore(public_thread, bob, mona, settings):
    post = actions.create_post(acting_user=bob, thread=public_thread, body="Back again.")
    url = public_thread.get_absolute_url()
    moderation.hide_post(acting_user=mona, post=post, reason="for a while")
    assert "for a while" in page(url, None, "en", settings, kept=True)
    moderation.restore_post(acting_user=mona, post=post)
    assert "for a while" not in assert_same(url, None, "en", settings)


def test_translation_hidden_and_restored(public_thread, bob, alice, mona, settings):
    account_actions.set_volunteer_translator(acting_user=alice, volunteers=True)
    post = actions.create_post(acting_user=bob, thread=public_thread, body="Words to translate.")
    translation = translation_actions.add_or_update_translation(acting_user=alice, post=post, language="fa", body="واژه‌هایی برای ترجمه")
    url = public_thread.get_absolute_url()
    assert "واژه‌هایی برای ترجمه" in page(url, bob, "fa", settings, kept=True)
    translation_actions.hide_translation(acting_user=mona, translation=translation, reason="Wrong")
    assert "واژه‌هایی برای ترجمه" not in page(url, bob, "fa", settings, kept=True)
    translation_actions.restore_translation(acting_user=mona, translation=translation)
    for reader in (None, bob, alice):
        assert_same(url, reader, "fa", settings)


def test_handle_change(public_thread, bob, settings):
    actions.create_post(acting_user=bob, thread=public_thread, body="Who wrote me?")
    url = public_thread.get_absolute_url()
    page(url, None, "en", settings, kept=True)
    people_actions.set_handle(acting_user=bob, handle="bobby")
    assert "/people/bobby/" in assert_same(url, None, "en", settings)


# --- the date on a kept piece: formatted once per post, language and time zone ---------------

NOWRUZ_EVE = datetime.datetime(2026, 3, 20, 21, 0, tzinfo=datetime.UTC)  # already 1 Farvardin 1405 in Tehran
TIME = re.compile(r'<time datetime="([^"]+)" title="([^"]+)" data-relative="1">([^<]*)</time>')


def times_of(url: str, reader, language: str, settings, kept: bool, zone_cookie: str = "") -> dict[str, tuple[str, str, str]]:
    """Each post's <time> (ISO time, title, words), by post id, as the reader is shown it; the words
    of a recent post ("just now") masked, as the clock moves them between two requests."""
    settings.HAMGAMI = {**settings.HAMGAMI, "POST_FRAGMENTS": 5000 if kept else 0}
    client = Client()
    if reader is not None:
        client.force_login(reader)
    if zone_cookie:
        client.cookies["tz"] = zone_cookie
    html = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    times = [(iso, title, words if iso.startswith("2026-03-2") else "…") for iso, title, words in TIME.findall(html)]
    return dict(zip(re.findall(r'<li class="post [^"]*" id="post-(\d+)"', html), times, strict=True))


def test_the_date_title_in_both_languages_and_after_an_edit(public_thread, bob, dave, settings):
    """A month on, the words are the date too; both are the post's, kept with its piece, and an
    edit (a new piece) leaves them as they were."""
    post = actions.create_post(acting_user=bob, thread=public_thread, body="Written on the eve of Nowruz.")
    Post.objects.filter(pk=post.pk).update(created_at=NOWRUZ_EVE)
    url = public_thread.get_absolute_url()
    expected = {  # settings.TIME_ZONE is America/Toronto: 17:00 on 20 March (29 Esfand 1404)
        "fa": ("2026-03-20T17:00:00-04:00", "۲۹ اسفند ۱۴۰۴، ۱۷:۰۰ — ۲۰۲۶-۰۳-۲۰ ۱۷:۰۰", "۲۹ اسفند ۱۴۰۴"),
        "en": ("2026-03-20T17:00:00-04:00", "20 March 2026, 17:00", "20 March 2026"),
    }
    for language in ("fa", "en"):
        for reader in (None, dave, bob):
            fresh = times_of(url, reader, language, settings, kept=False)
            assert fresh[str(post.pk)] == expected[language]
            for _ in range(2):  # the first fills the piece, the second assembles from it
                assert times_of(url, reader, language, settings, kept=True) == fresh
    actions.edit_post(acting_user=bob, post=post, body="Edited since.")
    for language in ("fa", "en"):
        assert "Edited since." in assert_same(url, bob, language, settings)
        assert times_of(url, dave, language, settings, kept=True)[str(post.pk)] == expected[language]


def test_each_reader_gets_the_date_in_their_own_time_zone(public_thread, alice, bob, dave, settings):
    """The zone is each reader's (their profile, else their browser's cookie), not the piece's: a
    piece filled for a reader in Toronto shows a reader in Tehran Tehran's date, and the pieces are
    not multiplied by zones."""
    post = actions.create_post(acting_user=bob, thread=public_thread, body="Which day was it?")
    Post.objects.filter(pk=post.pk).update(created_at=NOWRUZ_EVE)
    actions.create_post(acting_user=bob, thread=public_thread, body="And this one, just now.")
    User.objects.filter(pk=dave.pk).update(time_zone="Asia/Tehran")
    User.objects.filter(pk=alice.pk).update(time_zone="America/Vancouver")
    dave.refresh_from_db()
    alice.refresh_from_db()
    url = public_thread.get_absolute_url()
    readers = [(None, ""), (None, "Europe/London"), (dave, ""), (alice, ""), (bob, "Asia/Tehran")]
    for language in ("fa", "en"):
        fresh = {reader: times_of(url, reader[0], language, settings, kept=False, zone_cookie=reader[1]) for reader in readers}
        for order in (readers, readers[::-1]):
            post_fragments.clear()
            for reader in order:
                assert times_of(url, reader[0], language, settings, kept=True, zone_cookie=reader[1]) == fresh[reader], (language, reader)
                assert post_fragments.kept() == 3  # the opening post and two replies, whatever the zones
        eve = {reader: fresh[reader][str(post.pk)] for reader in readers}
        assert eve[None, ""][0] == "2026-03-20T17:00:00-04:00"
        assert eve[None, "Europe/London"][0] == "2026-03-20T21:00:00+00:00"
        assert eve[dave, ""][0] == eve[bob, "Asia/Tehran"][0] == "2026-03-21T00:30:00+03:30"
        assert eve[alice, ""][0] == "2026-03-20T14:00:00-07:00"
        if language == "fa":  # past midnight in Tehran it is Nowruz, a day and a year on
            assert eve[dave, ""][1:] == ("۱ فروردین ۱۴۰۵، ۰۰:۳۰ — ۲۰۲۶-۰۳-۲۱ ۰۰:۳۰", "۱ فروردین ۱۴۰۵")
            assert eve[None, ""][2] == "۲۹ اسفند ۱۴۰۴"
        else:
            assert eve[dave, ""][1:] == ("21 March 2026, 00:30", "21 March 2026")
            assert eve[alice, ""][1:] == ("20 March 2026, 14:00", "20 March 2026")
