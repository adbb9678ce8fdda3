"""Correcting a ledger point's wording (issue 20): its proposer or the chair (or a moderator) may,
at /debates/points/<id>/edit/, only while the debate is open, the point is still debated and no one
has answered it: no organization's stance, no reply quoting it. So an edit never changes what an
organization (or anyone) answered. Every wording is kept; translations of an earlier one go outdated
and their translator is told once; open debate pages update live."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from tests.translations.test_target_translations import (  # noqa: F401
    POINT_EN, POINT_FA, ben, cora, debate, english, point,
)
from threads.core import actions as core_actions
from threads.core.events import capture_events
from threads.debates import actions as da
from threads.following.models import Notification
from threads.models import Debate, LedgerPoint, LedgerPointRevision, Translation
from threads.translations import actions as tr_actions

pytestmark = pytest.mark.django_db

NEW_FA = "انتخابات پیش رو آزاد نیست."


def url(point):
    return reverse("point_reword", args=[point.pk])


def debate_page(client, debate):
    return client.get(reverse("debate_detail", args=[debate.thread_id])).content.decode()


def test_the_proposer_corrects_the_wording(client, login, alice, debate, point, django_capture_on_commit_callbacks):
    assert url(point) in debate_page(login(alice), debate)  # offered on the debate page
    page = client.get(url(point))
    assert page.status_code == 200 and POINT_FA in page.content.decode()
    with capture_events() as events, django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(point), {"text": NEW_FA})
    assert response.status_code == 302 and response["Location"].endswith(f"#point-{point.number}")
    point.refresh_from_db()
    assert point.text == NEW_FA and point.revision_count == 2
    assert list(LedgerPointRevision.objects.filter(point=point).values_list("number", "text", "author_id")) == [
        (1, POINT_FA, alice.pk), (2, NEW_FA, alice.pk)]
    live = [e for e in events if e.stream == debate.thread.stream]
    assert [e.event for e in live] == ["debate.point"] and NEW_FA in live[0].payload["visitor:fa"]
    # the earlier wording stays readable beside the point's replies
    replies = english(client).get(reverse("debate_point_replies", args=[debate.thread_id, point.number])).content.decode()
    assert "Earlier wordings" in replies and POINT_FA in replies and NEW_FA in replies
    # the same wording again changes nothing
    assert client.post(url(point), {"text": NEW_FA}).status_code == 302
    assert LedgerPoint.objects.get(pk=point.pk).revision_count == 2


@pytest.mark.parametrize("who", ["cora", "mona"])
def test_the_chair_and_a_moderator_may(login, point, who, cora, mona):
    person = {"cora": cora, "mona": mona}[who]
    assert login(person).post(url(point), {"text": NEW_FA}).status_code == 302
    assert LedgerPointRevision.objects.get(point=point, number=2).author == person


@pytest.mark.parametrize("who", ["bob", "rana"])
def test_others_taking_part_are_refused_with_a_reason(client, login, debate, point, who, bob, rana):
    person = {"bob": bob, "rana": rana}[who]
    assert url(point) not in debate_page(english(login(person)), debate)
    for response in (client.get(url(point)), client.post(url(point), {"text": NEW_FA})):
        assert response.status_code == 403
        assert "Only the point's proposer or the chair of this debate can correct its wording" in (
            response.content.decode().replace("&#x27;", "'"))
    assert LedgerPoint.objects.get(pk=point.pk).text == POINT_FA
    client.logout()
    assert client.get(url(point)).status_code == 302  # to sign in


def test_once_an_organization_answered_it_the_wording_stays(client, login, alice, cora, rana, org_a, debate, point):
    da.decide_point(acting_user=cora, point=point, decision="accepted")
    assert login(alice).post(url(point), {"text": "A corrected wording"}).status_code == 302  # accepted, unanswered
    da.record_stance(acting_user=rana, point=point, organization=org_a, value="agree", text_language="fa")
    assert url(point) not in debate_page(english(client), debate)
    assert client.get(url(point)).status_code == 403
    response = client.post(url(point), {"text": "Yet another wording"})
    html = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 403 and "has already answered this point" in html
    assert "Yet another wording" in html  # what was typed is kept
    assert LedgerPoint.objects.get(pk=point.pk).text == "A corrected wording"
    # nor the chair
    assert login(cora).post(url(point), {"text": "Yet another wording"}).status_code == 403


def test_once_a_reply_quoted_it_the_wording_stays(login, alice, bob, cora, debate, point):
    for phase in (Debate.Phase.REBUTTALS, Debate.Phase.OPEN_FLOOR):
        debate = da.move_phase(acting_user=cora, debate=debate, to_phase=phase, reason="Time")
    core_actions.create_post(acting_user=bob, thread=debate.thread, body="I agree.", quote=point, agreement="agree")
    response = login(alice).post(url(point), {"text": NEW_FA})
    assert response.status_code == 403 and LedgerPoint.objects.get(pk=point.pk).text == POINT_FA


def test_a_point_set_aside_or_a_concluded_debate_stays(login, alice, cora, debate, point):
    da.decide_point(acting_user=cora, point=point, decision="rejected", note="Off topic")
    assert login(alice).post(url(point), {"text": NEW_FA}).status_code == 403
    assert LedgerPoint.objects.get(pk=point.pk).text == POINT_FA


@pytest.mark.parametrize("text, message", [
    ("ab", "Write the point: one short proposition."),
    ("x" * 301, "at most 300 characters"),
])
def test_bad_wording_keeps_what_was_typed(login, alice, point, text, message):
    response = english(login(alice)).post(url(point), {"text": text})
    html = response.content.decode()
    assert response.status_code == 400 and message in html
    assert LedgerPoint.objects.get(pk=point.pk).text == POINT_FA and not LedgerPointRevision.objects.exists()


def test_the_form_says_the_rule(login, alice, point):
    html = english(login(alice)).get(url(point)).content.decode()
    assert "only while no organization has recorded a stance on it and no reply has quoted it" in html


def test_rewording_outdates_the_translation_and_tells_the_translator_once(client, alice, bob, debate, point):
    User.objects.filter(pk=bob.pk).update(volunteers_as_translator=True)
    bob.refresh_from_db()
    tr_actions.translate_text(acting_user=bob, target=point, language="en", text=POINT_EN)
    da.reword_point(acting_user=alice, point=point, text=NEW_FA)
    translation = Translation.objects.get(point=point)
    assert translation.is_outdated and translation.based_on_revision == 1
    notes = Notification.objects.filter(user=bob, kind=Notification.Kind.TEXT_TRANSLATION_OUTDATED)
    assert notes.count() == 1 and notes.get().link.endswith(f"#point-{point.number}")
    assert "outdated: the original was edited after this translation" in debate_page(english(client), debate)
    da.reword_point(acting_user=alice, point=point, text=NEW_FA + " هنوز")
    assert notes.count() == 1  # already outdated: not told again
    # translating the new wording makes it current
    tr_actions.translate_text(acting_user=bob, target=point, language="en", text="The coming election is not free.",
                              expected_version=1)
    translation.refresh_from_db()
    assert not translation.is_outdated and translation.based_on_revision == 3


def test_the_debate_page_stays_pinned_for_a_proposer_with_points_to_correct(client, login, alice, debate,
                                                                            django_assert_num_queries):
    url_ = reverse("debate_detail", args=[debate.thread_id])
    da.propose_point(acting_user=alice, debate=debate, text=POINT_FA)
    login(alice).get(url_)
    with django_assert_num_queries(SIGNED_IN_DEBATE_PAGE):
        client.get(url_)
    for n in range(5):
        da.propose_point(acting_user=alice, debate=debate, text=f"نکتهٔ {n}")
    with django_assert_num_queries(SIGNED_IN_DEBATE_PAGE):
        html = client.get(url_).content.decode()
    assert html.count("/edit/") >= 6


SIGNED_IN_DEBATE_PAGE = 16  # the points a person may correct come from rows already loaded


def test_the_form_writes_nothing_on_get(client, login, alice, point):
    login(alice).get(url(point))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url(point)).status_code == 200
    assert [q["sql"] for q in queries.captured_queries if re.match(r"^\s*(INSERT|UPDATE|DELETE)\b", q["sql"], re.I)] == []
