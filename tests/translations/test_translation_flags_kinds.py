"""Flagging translations of every kind in threads/translations/targets.py (issue 20): a position,
a ledger point, a debate summary, a gathering's description, as a post's. A reader flags from the
Flag link beside the translation (no JavaScript); the flag waits in the review queue with a link to
the text; whoever may hide that translation (access.can_moderate_translation, per kind) hides it
(the flags upheld) or dismisses the flags; anyone else is refused with a clear 403."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from tests.translations import test_target_translations as base
from threads.debates import actions as da
from threads.models import ModerationAction, Translation, TranslationFlag
from threads.translations import actions as tr_actions
from threads.translations import flag_actions, targets

pytestmark = pytest.mark.django_db
# the debate, its texts and the gathering of the translations of other texts' tests
cora, ben, debate, position, point, summary, gathering = (
    base.cora, base.ben, base.debate, base.position, base.point, base.summary, base.gathering
)
POINT_EN, POSITION_EN, SUMMARY_EN = base.POINT_EN, base.POSITION_EN, base.SUMMARY_EN

GATHERING_EN = "Join us."
KINDS = ["position", "point", "summary", "gathering"]


def english(client):
    client.cookies["hamgami_language"] = "en"
    return client


@pytest.fixture
def translated(request, rana, alice, cora):
    """kind -> its translation into English, by its author (rana speaks for A, alice proposed the
    point and the gathering, cora chairs and drafted the summary)."""

    def make(kind):
        target = request.getfixturevalue(kind)
        author, text = {"position": (rana, POSITION_EN), "point": (alice, POINT_EN), "summary": (cora, SUMMARY_EN),
                        "gathering": (alice, GATHERING_EN)}[kind]
        return tr_actions.translate_text(acting_user=author, target=target, language="en", text=text)

    return make


def page_of(translation) -> str:
    target = targets.target_of(translation)
    return targets.kind_of(target).url(target).split("#")[0]


@pytest.mark.parametrize("kind", KINDS)
class TestEveryKind:
    def test_a_reader_flags_it_and_it_waits_in_the_queue(self, client, login, dave, mona, translated, kind):
        translation = translated(kind)
        flag_url = reverse("translation_flag", args=[translation.pk])
        page = english(login(dave)).get(page_of(translation)).content.decode()
        assert f'href="{flag_url}"' in page  # beside the translation mark
        form = english(client).get(flag_url)
        assert form.status_code == 200 and translation.body_source in form.content.decode()
        response = client.post(flag_url, {"kind": "wrong", "note": "Says the opposite"})
        target = targets.target_of(translation)
        assert response.status_code == 302 and response["Location"] == targets.kind_of(target).url(target)
        assert TranslationFlag.objects.get().translation_id == translation.pk
        queue = english(login(mona)).get("/moderation/").content.decode()
        assert f'id="queue-translation-{translation.pk}"' in queue and "Says the opposite" in queue
        assert f'href="{targets.kind_of(target).url(target)}"' in queue  # a link to the text, at its place
        assert escape(str(translation.kind_label)) in queue

    def test_upholding_hides_it_and_the_log_names_the_text(self, client, login, dave, mona, translated, kind):
        translation = translated(kind)
        flag_actions.flag_translation(acting_user=dave, translation=translation, kind="abuse")
        response = login(mona).post(reverse("translation_flags_resolve", args=[translation.pk]),
                                    {"do": "hide", "reason": "Abusive"})
        assert response.status_code == 302
        assert not Translation.objects.get(pk=translation.pk).is_visible
        assert TranslationFlag.objects.get().status == "upheld"
        entry = ModerationAction.objects.get(action=ModerationAction.Kind.UPHOLD_FLAGS)
        assert (entry.data["kind"], entry.data["translation"]) == (kind, translation.pk)
        client.logout()
        assert translation.body_source not in english(client).get(page_of(translation)).content.decode()
        log = english(client).get("/moderation/log/").content.decode()
        assert f"{translation.kind_label} · translated by {translation.translator.public_name}" in log

    def test_dismissing_keeps_it(self, client, login, dave, mona, translated, kind):
        translation = translated(kind)
        flag_actions.flag_translation(acting_user=dave, translation=translation, kind="spam")
        login(mona).post(reverse("translation_flags_resolve", args=[translation.pk]), {"do": "dismiss"})
        assert Translation.objects.get(pk=translation.pk).is_visible
        assert TranslationFlag.objects.get().status == "dismissed"
        assert f"queue-translation-{translation.pk}" not in english(client).get("/moderation/").content.decode()
        client.logout()
        assert translation.body_source in english(client).get(page_of(translation)).content.decode()

    def test_a_non_moderator_is_refused_clearly(self, login, dave, bob, translated, kind):
        translation = translated(kind)
        flag_actions.flag_translation(acting_user=dave, translation=translation, kind="spam")
        url = reverse("translation_flags_resolve", args=[translation.pk])
        for do in ("dismiss", "hide"):
            response = english(login(bob)).post(url, {"do": do, "reason": "x"})
            assert response.status_code == 403
            assert "Only the moderators of this thread can hide or restore a translation." in response.content.decode()
        assert TranslationFlag.objects.get().status == "open" and Translation.objects.get(pk=translation.pk).is_visible


def test_the_chair_handles_flags_on_her_debates_texts(client, login, dave, cora, translated):
    """Whoever may hide the translation resolves its flags: a debate's accepted chair, for a point."""
    translation = translated("point")
    flag_actions.flag_translation(acting_user=dave, translation=translation, kind="wrong")
    queue = english(login(cora)).get("/moderation/").content.decode()
    assert f'id="queue-translation-{translation.pk}"' in queue
    login(cora).post(reverse("translation_flags_resolve", args=[translation.pk]), {"do": "dismiss"})
    assert TranslationFlag.objects.get().status == "dismissed"


def test_a_flag_is_refused_for_a_members_only_gathering(login, dave, gathering, translated):
    translation = translated("gathering")
    gathering.__class__.objects.filter(pk=gathering.pk).update(visibility="members")
    assert login(dave).get(reverse("translation_flag", args=[translation.pk])).status_code == 404
    assert not TranslationFlag.objects.exists()


def test_queue_queries_stay_pinned_whatever_the_kinds(client, login, dave, mona, alice, debate, translated,
                                                      django_assert_num_queries):
    """The same 8 as for post translations only (test_translation_flags): the flags come with
    whichever text each translation translates, and its thread, in the one query."""
    for kind in KINDS:
        flag_actions.flag_translation(acting_user=dave, translation=translated(kind), kind="wrong")
    login(mona).get("/moderation/")
    with django_assert_num_queries(8):
        page = english(client).get("/moderation/").content.decode()
    assert page.count('<li class="queue-item queue-flagged" id="queue-translation-') == 4
    for i in range(3):  # more points, more flags: no more queries
        point = da.propose_point(acting_user=alice, debate=debate, text=f"نکتهٔ دیگر شمارهٔ {i}")
        item = tr_actions.translate_text(acting_user=alice, target=point, language="en", text=f"Another point {i}")
        flag_actions.flag_translation(acting_user=dave, translation=item, kind="spam")
    with django_assert_num_queries(8):
        page = english(client).get("/moderation/").content.decode()
    assert page.count('<li class="queue-item queue-flagged" id="queue-translation-') == 7
