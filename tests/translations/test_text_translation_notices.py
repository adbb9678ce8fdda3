"""The translator of a position, ledger point, summary or gathering description hears when the
original is edited after their translation (issue 20): on the bell, with a notice that names no
kind ("the original was edited after your translation") and links to the page showing the text,
and by email when they chose immediate emails."""

import pytest
from django.core import mail

from accounts.models import User
from tests.translations.test_target_translations import (  # noqa: F401
    POSITION_EN, POSITION_FA, SUMMARY_EN, ben, cora, debate, english, position, summary,
)
from threads.debates import actions as da
from threads.following.models import FollowPreferences, Notification
from threads.models import Debate
from threads.redaction import actions as redaction_actions
from threads.translations import actions as tr_actions

pytestmark = pytest.mark.django_db


def test_a_volunteer_hears_that_the_position_was_revised(client, django_capture_on_commit_callbacks, bob, rana,
                                                         org_a, debate, position):
    User.objects.filter(pk=bob.pk).update(volunteers_as_translator=True, email="bob@example.org")
    FollowPreferences.objects.update_or_create(user=bob, defaults={"email": FollowPreferences.Email.IMMEDIATE,
                                                                   "language": "en"})
    bob.refresh_from_db()
    tr_actions.translate_text(acting_user=bob, target=position, language="en", text=POSITION_EN)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        da.publish_position(acting_user=rana, debate=debate, organization=org_a, stance="supports",
                            statement=POSITION_FA + " و نه بیشتر.")
    note = Notification.objects.get(user=bob)
    assert note.kind == Notification.Kind.TEXT_TRANSLATION_OUTDATED and note.thread_id == debate.thread_id
    assert note.link.endswith("#debate-positions") and note.actor is None
    client.force_login(bob)
    bell = english(client).get("/notifications/").content.decode()
    assert "the original was edited after your translation" in bell and f'href="{note.link}"' in bell
    assert len(mail.outbox) == 1
    assert "the original was edited after your translation" in mail.outbox[0].subject
    assert note.link in mail.outbox[0].body
    # the one who edits their own translated text is not told
    tr_actions.translate_text(acting_user=rana, target=position, language="en",
                              text=POSITION_EN + " Again.", expected_version=1)
    Notification.objects.all().delete()
    da.publish_position(acting_user=rana, debate=debate, organization=org_a, stance="supports",
                        statement=POSITION_FA + " پایان.")
    assert not Notification.objects.filter(user=rana).exists()


def test_the_chair_hears_that_the_summary_was_corrected(cora, mona, summary):
    tr_actions.translate_text(acting_user=cora, target=summary, language="en", text=SUMMARY_EN)
    redaction_actions.correct_summary(acting_user=mona, summary=summary, text=summary.text_source + " اصلاح.",
                                      reason="An address")
    note = Notification.objects.get(user=cora, kind=Notification.Kind.TEXT_TRANSLATION_OUTDATED)
    assert "#debate-summary" in note.link and note.actor is None
    assert Debate.objects.get(pk=summary.debate_id).thread_id == note.thread_id


def test_persian_notice(client, cora, mona, summary):
    tr_actions.translate_text(acting_user=cora, target=summary, language="en", text=SUMMARY_EN)
    redaction_actions.correct_summary(acting_user=mona, summary=summary, text=summary.text_source + " اصلاح.",
                                      reason="An address")
    client.cookies["hamgami_language"] = "fa"
    client.force_login(cora)
    assert "متن اصلی پس از ترجمهٔ شما ویرایش شد" in client.get("/notifications/").content.decode()
