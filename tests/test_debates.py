"""Structured debates (issue 4): phases, positions, the ledger, the summary, and their pages.

People (besides conftest's alice, bob, rana, mona, dave, root):
ben: representative of org B · cora: member of org B, chair of the debate ·
cyrus: representative of org C, which is admitted but does not take part in the debate.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Membership, Organization
from forum.errors import ActionRefused
from tests.conftest import join, make_user
from threads import actions, debate_actions as da
from threads.models import (
    Debate,
    DebateRecord,
    Endorsement,
    LedgerPoint,
    PhaseChange,
    Position,
    PositionRevision,
    Post,
    Stance,
    StanceRevision,
    Summary,
    Thread,
)

P = Debate.Phase


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Seven people per test: hash their passwords cheaply (autouse runs before the people fixtures)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def org_c(db):
    return Organization.objects.create(
        slug="org-c", name_fa="سازمان پ", name_en="Organization C", status=Organization.Status.ADMITTED
    )


@pytest.fixture
def ben(org_b):
    user = make_user("ben", display_name="بن")
    join(user, org_b, Membership.Role.REPRESENTATIVE)
    return user


@pytest.fixture
def cora(org_b):
    user = make_user("cora", display_name="Cora")
    join(user, org_b)
    return user


@pytest.fixture
def cyrus(org_c):
    user = make_user("cyrus", display_name="Cyrus")
    join(user, org_c, Membership.Role.REPRESENTATIVE)
    return user


@pytest.fixture
def debate(rana, ben, alice, bob, cora, org_a, org_b, org_c, area):
    """A public debate between A and B (C is admitted but not taking part), chaired by cora."""
    return da.start_debate(
        acting_user=alice,
        title="Should the coalition call for a boycott?",
        motion="The coalition calls for a boycott of the sham election.",
        body="Let us debate it.",
        difference=Debate.Difference.POLITICAL,
        areas=[area],
        organizations=[org_a, org_b],
        chair=cora,
    )


def refused(call, **kwargs):
    with pytest.raises(ActionRefused) as info:
        call(**kwargs)
    return str(info.value.message)


def move(debate, user, to, reason=""):
    return da.move_phase(acting_user=user, debate=debate, to_phase=to, reason=reason)


# --- starting a debate ----------------------------------------------------------------------


class TestStart:
    def test_creates_thread_and_debate_together(self, debate, org_a, org_b, alice, cora):
        thread = debate.thread
        assert thread.kind == Thread.Kind.DEBATE
        assert thread.posts.count() == 1
        assert debate.phase == P.OPENING
        assert set(debate.organizations.all()) == {org_a, org_b}
        assert debate.chair == cora

    def test_participants_default_to_all_admitted(self, alice, org_a, org_b, org_c, area, db):
        Organization.objects.create(slug="applying", name_fa="ت", name_en="T", status=Organization.Status.APPLIED)
        d = da.start_debate(
            acting_user=alice, title="T", motion="M", body="B", difference="theoretical", areas=[area]
        )
        assert set(d.organizations.all()) == {org_a, org_b, org_c}
        assert d.chair == alice

    def test_reader_cannot_start(self, dave, area, org_a, org_b):
        message = refused(
            da.start_debate, acting_user=dave, title="T", motion="M", body="B", difference="political", areas=[area]
        )
        assert "members of an organization" in message
        assert not Debate.objects.exists() and not Thread.objects.exists()

    @pytest.mark.parametrize(
        "change, field",
        [
            ({"motion": "  "}, "motion"),
            ({"difference": "personal"}, "difference"),
            ({"organizations": "one"}, "organizations"),
            ({"word_budget": 10}, "word_budget"),
            ({"title": ""}, "title"),
        ],
    )
    def test_bad_input_changes_nothing(self, alice, area, org_a, org_b, change, field):
        kwargs = dict(acting_user=alice, title="T", motion="M", body="B", difference="political", areas=[area])
        kwargs.update(change)
        if kwargs.get("organizations") == "one":
            kwargs["organizations"] = [org_a]
        with pytest.raises(ValidationError) as info:
            da.start_debate(**kwargs)
        assert field in info.value.error_dict
        assert not Debate.objects.exists() and not Thread.objects.exists()

    def test_chair_must_be_moderator_or_member(self, alice, dave, area, org_a, org_b):
        message = refused(
            da.start_debate, acting_user=alice, title="T", motion="M", body="B", difference="political",
            areas=[area], chair=dave,
        )
        assert "chair" in message
        assert not Thread.objects.exists()


# --- phases ------------------------------------------------------------------------------------


class TestPhases:
    def test_chair_moves_forward_without_reason(self, debate, cora):
        move(debate, cora, P.REBUTTALS)
        debate.refresh_from_db()
        assert debate.phase == P.REBUTTALS
        change = PhaseChange.objects.filter(debate=debate).last()
        assert (change.actor, change.from_phase, change.to_phase) == (cora, P.OPENING, P.REBUTTALS)

    @pytest.mark.parametrize("who", ["mona", "root"])
    def test_moderator_and_admin_may_move(self, debate, who, request):
        move(debate, request.getfixturevalue(who), P.REBUTTALS)
        assert Debate.objects.get(pk=debate.pk).phase == P.REBUTTALS

    @pytest.mark.parametrize("who", ["rana", "alice", "ben", "bob", "dave", "cyrus"])
    def test_others_may_not_move(self, debate, who, request):
        message = refused(da.move_phase, acting_user=request.getfixturevalue(who), debate=debate, to_phase=P.REBUTTALS)
        assert "chair" in message
        assert Debate.objects.get(pk=debate.pk).phase == P.OPENING
        assert PhaseChange.objects.filter(debate=debate).count() == 1

    def test_skipping_needs_a_reason(self, debate, cora):
        with pytest.raises(ValidationError) as info:
            move(debate, cora, P.OPEN_FLOOR)
        assert "reason" in info.value.error_dict
        assert Debate.objects.get(pk=debate.pk).phase == P.OPENING
        move(debate, cora, P.OPEN_FLOOR, reason="Both organizations agreed to skip rebuttals.")
        change = PhaseChange.objects.filter(debate=debate).last()
        assert change.reason == "Both organizations agreed to skip rebuttals."

    def test_going_back_needs_a_reason(self, debate, cora):
        move(debate, cora, P.REBUTTALS)
        with pytest.raises(ValidationError):
            move(debate, cora, P.OPENING)
        assert Debate.objects.get(pk=debate.pk).phase == P.REBUTTALS
        move(debate, cora, P.OPENING, reason="Org B's statement was lost.")
        assert Debate.objects.get(pk=debate.pk).phase == P.OPENING

    def test_deadline_in_the_past_refused(self, debate, cora):
        with pytest.raises(ValidationError) as info:
            da.move_phase(
                acting_user=cora, debate=debate, to_phase=P.REBUTTALS, deadline=timezone.now() - timedelta(hours=1)
            )
        assert "deadline" in info.value.error_dict
        assert Debate.objects.get(pk=debate.pk).phase == P.OPENING

    def test_deadline_is_kept(self, debate, cora):
        deadline = timezone.now() + timedelta(days=3)
        da.move_phase(acting_user=cora, debate=debate, to_phase=P.REBUTTALS, deadline=deadline)
        assert Debate.objects.get(pk=debate.pk).phase_deadline == deadline

    def test_conclude_is_not_a_plain_move(self, debate, cora):
        with pytest.raises(ValidationError):
            move(debate, cora, P.CONCLUDED, reason="done")
        assert Debate.objects.get(pk=debate.pk).phase == P.OPENING


# --- what may be posted in each phase ---------------------------------------------------------


def reply(user, debate, org=None, body="A reply."):
    return actions.create_post(acting_user=user, thread=debate.thread, body=body, on_behalf_of=org)


class TestPostsByPhase:
    def test_opening_one_statement_per_org_by_its_representative(self, debate, rana, org_a):
        reply(rana, debate, org_a, "Our opening statement.")
        message = refused(reply, user=rana, debate=debate, org=org_a, body="A second one.")
        assert "already posted its opening statement" in message
        assert debate.thread.posts.count() == 2

    @pytest.mark.parametrize("phase", [P.OPENING, P.REBUTTALS])
    def test_members_may_not_post_before_the_open_floor(self, debate, cora, alice, phase):
        if phase != P.OPENING:
            move(debate, cora, phase)
        message = refused(reply, user=alice, debate=debate)
        assert "representative" in message
        assert debate.thread.posts.count() == 1

    def test_representative_of_non_participant_refused(self, debate, cyrus, org_c, cora):
        move(debate, cora, P.REBUTTALS)
        message = refused(reply, user=cyrus, debate=debate, org=org_c)
        assert "does not take part" in message
        assert debate.thread.posts.count() == 1

    def test_rebuttals_representatives_reply(self, debate, cora, rana, ben, org_a, org_b):
        move(debate, cora, P.REBUTTALS)
        reply(rana, debate, org_a, "First rebuttal.")
        reply(rana, debate, org_a, "Second rebuttal.")
        reply(ben, debate, org_b, "Our rebuttal.")
        assert debate.thread.posts.count() == 4

    def test_open_floor_all_members(self, debate, cora, alice, bob, dave):
        move(debate, cora, P.REBUTTALS)
        move(debate, cora, P.OPEN_FLOOR)
        reply(alice, debate)
        reply(bob, debate)
        with pytest.raises(ActionRefused):
            reply(dave, debate)
        assert debate.thread.posts.count() == 3

    def test_chair_may_post_procedural_notes(self, debate, cora):
        reply(cora, debate, body="Opening statements are due Friday.")
        assert debate.thread.posts.count() == 2

    def test_ordinary_threads_are_not_concerned(self, public_thread, alice):
        actions.create_post(acting_user=alice, thread=public_thread, body="fine")
        assert public_thread.posts.count() == 2

    def test_word_budget(self, alice, cora, rana, org_a, org_b, area):
        d = da.start_debate(
            acting_user=alice, title="T", motion="M", body="B", difference="political", areas=[area],
            organizations=[org_a, org_b], chair=cora, word_budget=50,
        )
        move(d, cora, P.REBUTTALS)
        reply(rana, d, org_a, " ".join(["word"] * 40))
        with pytest.raises(ValidationError) as info:
            reply(rana, d, org_a, " ".join(["word"] * 11))
        assert "40" in str(info.value) and "50" in str(info.value)
        reply(rana, d, org_a, " ".join(["word"] * 10))
        assert da.words_used(d) == {org_a.pk: 50}


# --- positions -------------------------------------------------------------------------------


def publish(user, debate, org, stance="supports", statement="We support the motion."):
    return da.publish_position(acting_user=user, debate=debate, organization=org, stance=stance, statement=statement)


class TestPositions:
    def test_representative_publishes_and_revises(self, debate, rana, org_a):
        publish(rana, debate, org_a, "undecided", "We are *still* discussing.")
        position = publish(rana, debate, org_a, "reservations", "We support it, with reservations.")
        assert position.stance == "reservations"
        assert position.revision_count == 2
        revisions = list(PositionRevision.objects.filter(position=position))
        assert [r.stance for r in revisions] == ["undecided", "reservations"]
        assert "<em>still</em>" in revisions[0].statement_html

    def test_unchanged_position_is_not_a_revision(self, debate, rana, org_a):
        publish(rana, debate, org_a)
        publish(rana, debate, org_a)
        assert PositionRevision.objects.count() == 1

    @pytest.mark.parametrize("who", ["alice", "ben", "cora", "mona", "root"])
    def test_only_its_representative(self, debate, org_a, who, request):
        message = refused(
            da.publish_position, acting_user=request.getfixturevalue(who), debate=debate, organization=org_a,
            stance="supports", statement="x",
        )
        assert "representative of" in message
        assert not Position.objects.exists()

    def test_non_participant_refused(self, debate, cyrus, org_c):
        message = refused(
            da.publish_position, acting_user=cyrus, debate=debate, organization=org_c, stance="supports", statement="x"
        )
        assert "does not take part" in message
        assert not Position.objects.exists()

    def test_bad_input(self, debate, rana, org_a):
        with pytest.raises(ValidationError):
            publish(rana, debate, org_a, stance="maybe")
        with pytest.raises(ValidationError):
            publish(rana, debate, org_a, statement="   ")
        assert not Position.objects.exists()
