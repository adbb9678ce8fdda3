"""A reply quoting an organization's position and a revision of that position, at the same moment.

The same guard as for a reworded point (test_quoting_a_reworded_point.py): the reply form carries
the version of each position it shows, and the reply is checked under the debate's row lock that
`publish_position` takes. Revised after the form was shown, the reply is refused (409) with the new
version shown and the typed text kept; sent again, it quotes the new version. Without the version
(an older form, a direct call), the reply quotes the current version as before."""

import pytest
from django.db import transaction
from django.urls import reverse

from forum.errors import Conflict

from tests.debates.test_quoting_a_reworded_point import (
    ON_POSTGRES, T, in_thread, open_floor, signed_in, until_waiting, wordings,
)
from tests.translations.test_target_translations import (  # noqa: F401
    POSITION_FA, ben, cora, debate, point, position,
)
from threads.core import actions as core_actions
from threads.debates import actions as da
from threads.redaction import actions as redaction_actions
from threads.models import Post

pytestmark = pytest.mark.django_db

REVISED_FA = "ما تنها با شرط نظارت مستقل از تحریم پشتیبانی می‌کنیم."


def revise(rana, debate, org_a, stance="reservations"):
    """The organization's representative revises its position while someone writes a reply to it."""
    return da.publish_position(acting_user=rana, debate=debate, organization=org_a, stance=stance,
                               statement=REVISED_FA)


def reply(client, debate, position, seen, body="I disagree with this position, and here is why."):
    return client.post(
        reverse("thread_reply", args=[debate.thread_id]),
        {"body": body, "responds_to": f"position-{position.pk}", "agreement": "disagree", "wordings": seen},
    )


def test_a_reply_to_a_position_revised_after_the_form_was_shown_is_refused_and_keeps_the_text(
    bob, cora, rana, org_a, debate, position,
):
    debate = open_floor(debate, cora)
    replier = signed_in(bob)
    page = replier.get(debate.thread.get_absolute_url() + f"?quote=position-{position.pk}").content.decode()
    seen = wordings(page)
    assert f"position-{position.pk}:1" in seen.split()
    revise(rana, debate, org_a)  # rana revises it while bob writes

    response = reply(replier, debate, position, seen, body="My careful answer to the first version.")
    html = response.content.decode()
    assert response.status_code == 409
    assert f"The position of {org_a.name} was revised while you were writing" in html
    assert "My careful answer to the first version." in html  # what was typed is kept
    assert f'<option value="position-{position.pk}" selected>' in html  # still the one they chose
    assert REVISED_FA in html and "supports with reservations" in html  # the new version shown
    assert f"position-{position.pk}:2" in wordings(html).split()  # and carried by the form
    assert not Post.objects.filter(quoted_position__position=position).exists()

    # sent again, knowingly, it quotes the new version
    response = reply(replier, debate, position, wordings(html))
    assert response.status_code == 302
    post = Post.objects.select_related("quoted_position").get(quoted_position__position=position)
    assert (post.author, post.agreement, post.quoted_position.number) == (bob, "disagree", 2)
    assert post.quoted_position.statement_source == REVISED_FA


def test_the_refusal_is_in_the_writers_language(bob, cora, rana, org_a, debate, position):
    debate = open_floor(debate, cora)
    replier = signed_in(bob, "fa")
    seen = wordings(replier.get(debate.thread.get_absolute_url()).content.decode())
    revise(rana, debate, org_a)
    response = reply(replier, debate, position, seen, body="پاسخ سنجیدهٔ من به این موضع.")
    html = response.content.decode()
    assert response.status_code == 409
    assert f"موضع {org_a.name_fa} هنگامی که می‌نوشتید بازنگری شد" in html
    assert "پاسخ سنجیدهٔ من به این موضع." in html
    assert not Post.objects.filter(quoted_position__position=position).exists()


def test_quoting_the_version_shown_works(bob, cora, rana, org_a, debate, position):
    debate = open_floor(debate, cora)
    revise(rana, debate, org_a)  # before the form is shown
    replier = signed_in(bob)
    seen = wordings(replier.get(debate.thread.get_absolute_url()).content.decode())
    assert f"position-{position.pk}:2" in seen.split()
    assert reply(replier, debate, position, seen).status_code == 302
    post = Post.objects.select_related("quoted_position").get(quoted_position__position=position)
    assert (post.author, post.agreement, post.quoted_position.number) == (bob, "disagree", 2)


def test_a_revision_of_another_position_or_a_point_does_not_refuse_the_reply(
    bob, cora, rana, ben, org_a, org_b, debate, position, point,
):
    debate = open_floor(debate, cora)
    da.publish_position(acting_user=ben, debate=debate, organization=org_b, stance="opposes",
                                statement="We oppose the boycott.")
    replier = signed_in(bob)
    seen = wordings(replier.get(debate.thread.get_absolute_url()).content.decode())
    da.publish_position(acting_user=ben, debate=debate, organization=org_b, stance="abstains",
                        statement="We abstain for now.")
    da.reword_point(acting_user=cora, point=point, text="انتخابات پیش رو آزاد نیست.")
    assert reply(replier, debate, position, seen).status_code == 302  # only the quoted one's version counts
    assert Post.objects.get(quoted_position__position=position).quoted_position.number == 1


def test_without_the_version_the_current_one_is_quoted(bob, cora, rana, org_a, debate, position):
    """An older form (no version for positions) or a direct call: as before, the current version."""
    debate = open_floor(debate, cora)
    revise(rana, debate, org_a)
    assert reply(signed_in(bob), debate, position, "").status_code == 302
    post = core_actions.create_post(
        acting_user=bob, thread=debate.thread, body="A second answer to it.", quote=position, agreement="agree",
    )
    numbers = set(Post.objects.filter(quoted_position__position=position).values_list("quoted_position__number", flat=True))
    assert numbers == {2} and post.quoted_position.number == 2


# --- on PostgreSQL: a reply waits for a revision under way ---------------------------------------


@pytest.mark.skipif(not ON_POSTGRES, reason="row locks need PostgreSQL (SQLite serializes every write)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the areas come from a migration
def test_a_reply_waits_for_a_revision_under_way_then_is_refused(bob, cora, rana, org_a, debate, position):
    debate = open_floor(debate, cora)
    with transaction.atomic():
        revise(rana, debate, org_a)  # not committed yet
        worker, outcome = in_thread(lambda: core_actions.create_post(
            acting_user=bob, thread=debate.thread, body="On the first version.", quote=position,
            agreement="disagree", seen_wording=1,
        ))
        until_waiting(worker)
    worker.join(T)
    assert not worker.is_alive()
    assert isinstance(outcome.get("error"), Conflict) and "responds_to" in outcome["error"].message_dict
    assert not Post.objects.filter(quoted_position__position=position).exists()


@pytest.mark.skipif(not ON_POSTGRES, reason="row locks need PostgreSQL (SQLite serializes every write)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the areas come from a migration
def test_a_reply_waits_for_a_correction_for_privacy_under_way_then_quotes_the_corrected_version(
    bob, cora, mona, debate, position,
):
    """A correction locks only the position's row, not the debate's: the reply waits on that row too,
    so it never keeps the version the correction hides from everyone but moderators."""
    debate = open_floor(debate, cora)
    with transaction.atomic():
        redaction_actions.correct_position(  # not committed yet
            acting_user=mona, position=position, statement="We support the boycott.", reason="A name",
        )
        worker, outcome = in_thread(lambda: core_actions.create_post(
            acting_user=bob, thread=debate.thread, body="On this position.", quote=position, agreement="agree",
        ))
        until_waiting(worker)
    worker.join(T)
    assert not worker.is_alive() and "error" not in outcome
    post = Post.objects.select_related("quoted_position").get(pk=outcome["value"].pk)
    assert (post.quoted_position.number, post.quoted_position.statement_source) == (2, "We support the boycott.")
