"""A text corrected for privacy (a redacting edit of a post, a corrected position or summary) takes
its translations with it (issue 20): they are hidden (logged), their versions are shown to
moderators only, and no copy of their text stays in the pages, the search, the feeds, the stored
live events or the cached pages. The translator may translate the corrected text afterwards.

The translation writes the phone number in Persian digits, so the original's removed words alone
would not find it."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.redaction.test_redaction import in_cache, in_events, in_index
from tests.translations.test_target_translations import (  # noqa: F401
    POSITION_EN, ben, cora, debate, debate_page, english, position, summary,
)
from threads.core import actions
from threads.following import search
from threads.models import ModerationAction, Translation
from threads.moderation import actions as moderation
from threads.translations import actions as tr_actions

pytestmark = pytest.mark.django_db

NUMBER = "09125557788"
NUMBER_FA = "۰۹۱۲۵۵۵۷۷۸۸"
WORD_FA = "زقسرتیزه"  # a word no other text has, in the translation only


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.HAMGAMI = {**settings.HAMGAMI, "PAGE_CACHE_SECONDS": 60}


def persian_page(url, user=None) -> str:
    client = Client()
    client.cookies["hamgami_language"] = "fa"
    if user is not None:
        client.force_login(user)
    return client.get(url).content.decode()


def leaks(text: str) -> bool:
    return NUMBER_FA in text or WORD_FA in text


@pytest.fixture
def translated(public_thread, bob, django_capture_on_commit_callbacks):
    """bob's reply holds his phone number, and so does his Persian translation of it; Persian
    readers have seen it (cached), and search finds it by the translation's words."""
    with django_capture_on_commit_callbacks(execute=True):
        post = actions.create_post(acting_user=bob, thread=public_thread, body=f"Call me at {NUMBER} any time")
        tr_actions.translate_text(acting_user=bob, target=post, language="fa", text=f"{WORD_FA} با {NUMBER_FA} تماس بگیرید")
    assert leaks(persian_page(public_thread.get_absolute_url()))
    assert in_cache(WORD_FA) and in_events(WORD_FA) and in_index(WORD_FA)
    assert leaks(persian_page(f"/feeds/threads/{public_thread.pk}/?lang=fa"))
    assert f"/posts/{post.pk}/" in persian_page(f"/search/?q={WORD_FA}")
    return post


def test_a_redacting_edit_of_a_post_hides_its_translation(client, translated, mona, bob, alice, public_thread,
                                                          django_capture_on_commit_callbacks):
    english(client).force_login(mona)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/moderation/posts/{translated.pk}/",
            {"do": "edit", "body": "Call me any time", "reason": "Private phone number", "hide_history": "on"},
        )
    assert response.status_code == 302
    translation = Translation.objects.get(post=translated)
    assert translation.state == Translation.State.HIDDEN and "corrected for privacy" in translation.hidden_reason
    logged = ModerationAction.objects.get(action=ModerationAction.Kind.HIDE_TRANSLATION)
    assert logged.actor == mona and "corrected for privacy" in logged.reason
    assert not in_index(WORD_FA) and not in_events(WORD_FA) and not in_events(NUMBER_FA) and not in_cache(WORD_FA)
    assert not search.search_posts(mona, WORD_FA).exists()
    for reader in (None, alice, bob):
        for url in (public_thread.get_absolute_url(), "/", f"/feeds/threads/{public_thread.pk}/?lang=fa", "/feeds/?lang=fa"):
            assert not leaks(persian_page(url, reader)), url
        assert f"/posts/{translated.pk}/" not in persian_page(f"/search/?q={WORD_FA}", reader)  # no result
    history = reverse("translation_history", args=[translation.pk])
    assert persian_page(history, bob).count(NUMBER_FA) == 0
    assert NUMBER_FA in persian_page(history, mona)  # moderators still see what was hidden
    form = persian_page(f"/posts/{translated.pk}/translate/?language=fa", bob)
    assert not leaks(form)  # neither the form's text nor its history holds it

    # bob translates the corrected text: shown again, its hidden version still hidden
    bob_client = Client()
    bob_client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        saved = bob_client.post(f"/posts/{translated.pk}/translate/",
                                {"language": "fa", "body": "هر وقت تماس بگیرید", "version": translation.version})
    assert saved.status_code == 302
    translation.refresh_from_db()
    assert translation.state == Translation.State.VISIBLE and not translation.is_outdated
    assert "هر وقت تماس بگیرید" in persian_page(public_thread.get_absolute_url())
    text = persian_page(history)
    assert "هر وقت تماس بگیرید" in text and not leaks(text)


def test_a_translation_hidden_by_a_moderator_stays_hidden_after_a_redaction(translated, mona, bob):
    translation = Translation.objects.get(post=translated)
    tr_actions.hide_translation(acting_user=mona, translation=translation, reason="Abusive")
    moderation.edit_post_as_moderator(acting_user=mona, post=translated, body="Call me any time", reason="Phone",
                                      hide_history=True)
    tr_actions.translate_text(acting_user=bob, target=translated, language="fa", text="هر وقت تماس بگیرید",
                              expected_version=translation.version)
    translation.refresh_from_db()
    assert translation.state == Translation.State.HIDDEN and translation.hidden_reason == "Abusive"


def test_a_position_corrected_for_privacy_hides_its_translation(client, mona, rana, debate, position,
                                                                django_capture_on_commit_callbacks):
    secret = f"{POSITION_EN} Call {NUMBER_FA}, {WORD_FA}."
    with django_capture_on_commit_callbacks(execute=True):
        translation = tr_actions.translate_text(acting_user=rana, target=position, language="en", text=secret)
    visitor = english(Client())
    assert WORD_FA in debate_page(visitor, debate) and in_events(WORD_FA)
    assert WORD_FA in visitor.get(debate.thread.get_absolute_url()).content.decode() and in_cache(WORD_FA)
    english(client).force_login(mona)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/moderation/positions/{position.pk}/correct/",
                               {"text": position.statement_source + " بدون شماره.", "reason": "A private number"})
    assert response.status_code == 302
    translation.refresh_from_db()
    assert translation.state == Translation.State.HIDDEN
    assert not in_events(WORD_FA) and not in_cache(WORD_FA)
    for reader in (Client(), english(Client())):
        assert not leaks(debate_page(reader, debate))
        assert not leaks(reader.get(debate.thread.get_absolute_url()).content.decode())
    assert not leaks(visitor.get(f"/feeds/debates/{debate.thread_id}/positions/").content.decode())
    rana_client = english(Client())
    rana_client.force_login(rana)
    assert not leaks(rana_client.get(reverse("translate", args=["position", position.pk])).content.decode())
    response = rana_client.post(reverse("translate", args=["position", position.pk]),
                                {"language": "en", "body": POSITION_EN + " No number.", "version": translation.version})
    assert response.status_code == 302
    assert POSITION_EN + " No number." in debate_page(english(Client()), debate)


def test_a_summary_corrected_for_privacy_hides_its_translation(client, mona, cora, debate, summary,
                                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        translation = tr_actions.translate_text(acting_user=cora, target=summary, language="en",
                                                text=f"They agree; ask {WORD_FA}.")
    assert WORD_FA in debate_page(english(Client()), debate)
    english(client).force_login(mona)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/moderation/summaries/{summary.pk}/correct/",
                               {"text": summary.text_source + " اصلاح شد.", "reason": "A private address"})
    assert response.status_code == 302
    translation.refresh_from_db()
    assert translation.state == Translation.State.HIDDEN
    assert not in_events(WORD_FA) and not in_cache(WORD_FA)
    assert WORD_FA not in debate_page(english(Client()), debate)
    assert ModerationAction.objects.filter(action=ModerationAction.Kind.HIDE_TRANSLATION, actor=mona).exists()
