"""Structured debates (issue 4): phases, positions, the ledger, the summary, and their pages.

People (besides conftest's alice, bob, rana, mona, dave, root):
ben: representative of org B · cora: member of org B, chair of the debate ·
cyrus: representative of org C, which is admitted but does not take part in the debate.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from accounts.models import Membership, Organization
from forum.errors import ActionRefused
from tests.conftest import accept_chair, join, make_user, with_two_factor
from threads.moderation import actions as moderation_actions
from threads.core import actions
from threads.translations import actions as translation_actions
from threads.debates import actions as da
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
        slug="org-c", name_fa="پیکار", name_en="Organization C", status=Organization.Status.ADMITTED
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
    """A public debate between A and B (C is admitted but not taking part), chaired by cora,
    whom both organizations accepted."""
    debate = da.start_debate(
        acting_user=alice,
        title="Should the coalition call for a boycott?",
        motion="The coalition calls for a boycott of the sham election.",
        body="Let us debate it.",
        difference=Debate.Difference.POLITICAL,
        areas=[area],
        organizations=[org_a, org_b],
        chair=cora,
    )
    return accept_chair(debate)


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
        b_opening = reply(ben, debate, org_b, "B's opening statement.")
        move(debate, cora, P.REBUTTALS)
        first = actions.create_post(acting_user=rana, thread=debate.thread, body="First rebuttal.", on_behalf_of=org_a,
                                    reply_to=b_opening)
        actions.create_post(acting_user=rana, thread=debate.thread, body="Second rebuttal.", on_behalf_of=org_a,
                            reply_to=b_opening)
        actions.create_post(acting_user=ben, thread=debate.thread, body="Our rebuttal.", on_behalf_of=org_b,
                            reply_to=first)
        assert debate.thread.posts.count() == 5

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

    def test_word_budget(self, alice, cora, rana, ben, org_a, org_b, area):
        d = da.start_debate(
            acting_user=alice, title="T", motion="M", body="B", difference="political", areas=[area],
            organizations=[org_a, org_b], chair=cora, word_budget=50,
        )
        accept_chair(d)
        move(d, cora, P.REBUTTALS)
        move(d, cora, P.OPEN_FLOOR)
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


# --- the ledger --------------------------------------------------------------------------------


def propose(user, debate, text="Elections under the Guardian Council are not free."):
    return da.propose_point(acting_user=user, debate=debate, text=text)


def decide(user, point, decision="accepted", merge_into=None):
    return da.decide_point(acting_user=user, point=point, decision=decision, merge_into=merge_into)


def stance(user, point, org, value="agree", reason=""):
    return da.record_stance(acting_user=user, point=point, organization=org, value=value, reason=reason)


class TestLedger:
    @pytest.mark.parametrize("who", ["alice", "rana", "bob", "ben", "cora", "mona"])
    def test_anyone_taking_part_proposes(self, debate, who, request):
        point = propose(request.getfixturevalue(who), debate)
        assert point.status == LedgerPoint.Status.PROPOSED and point.number == 1

    @pytest.mark.parametrize("who", ["dave", "cyrus"])
    def test_outsiders_may_not_propose(self, debate, who, request):
        message = refused(da.propose_point, acting_user=request.getfixturevalue(who), debate=debate, text="A point")
        assert "participating organizations" in message
        assert not LedgerPoint.objects.exists()

    def test_point_length(self, debate, alice):
        with pytest.raises(ValidationError):
            propose(alice, debate, "x" * 301)
        with pytest.raises(ValidationError):
            propose(alice, debate, " ")
        assert not LedgerPoint.objects.exists()

    def test_points_are_numbered(self, debate, alice, bob):
        assert [propose(alice, debate).number, propose(bob, debate).number] == [1, 2]

    @pytest.mark.parametrize("who", ["cora", "mona", "root"])
    def test_chair_moderator_admin_decide(self, debate, alice, who, request):
        point = decide(request.getfixturevalue(who), propose(alice, debate))
        assert point.status == LedgerPoint.Status.ACCEPTED

    @pytest.mark.parametrize("who", ["alice", "rana", "ben", "dave"])
    def test_others_may_not_decide(self, debate, alice, who, request):
        point = propose(alice, debate)
        message = refused(da.decide_point, acting_user=request.getfixturevalue(who), point=point, decision="accepted")
        assert "chair" in message
        assert LedgerPoint.objects.get(pk=point.pk).status == LedgerPoint.Status.PROPOSED

    def test_merge_into_an_accepted_point(self, debate, alice, cora):
        first = decide(cora, propose(alice, debate, "First point"))
        second = propose(alice, debate, "Same as the first")
        with pytest.raises(ValidationError):
            decide(cora, second, "merged")  # into what?
        with pytest.raises(ValidationError):
            decide(cora, second, "merged", merge_into=second)
        decide(cora, second, "merged", merge_into=first)
        second.refresh_from_db()
        assert second.status == "merged" and second.merged_into == first
        with pytest.raises(ValidationError):
            decide(cora, second, "accepted")

    def test_representative_records_and_changes_stance(self, debate, alice, cora, rana, org_a):
        point = decide(cora, propose(alice, debate))
        stance(rana, point, org_a, "reservation", "Depends on the wording.")
        s = stance(rana, point, org_a, "agree")
        assert s.value == "agree" and s.revision_count == 2
        assert [r.value for r in StanceRevision.objects.filter(stance=s)] == ["reservation", "agree"]

    @pytest.mark.parametrize("who", ["alice", "ben", "cora", "mona", "root"])
    def test_only_its_representative_records_a_stance(self, debate, alice, cora, org_a, who, request):
        point = decide(cora, propose(alice, debate))
        message = refused(
            da.record_stance, acting_user=request.getfixturevalue(who), point=point, organization=org_a, value="agree"
        )
        assert "representative of" in message
        assert not Stance.objects.exists()

    def test_non_participating_org_cannot_record(self, debate, alice, cora, cyrus, org_c):
        point = decide(cora, propose(alice, debate))
        message = refused(da.record_stance, acting_user=cyrus, point=point, organization=org_c, value="agree")
        assert "does not take part" in message
        assert not Stance.objects.exists()

    @pytest.mark.parametrize("status, words", [("proposed", "still a proposal"), ("rejected", "rejected"), ("merged", "merged into point 1")])
    def test_stance_only_on_accepted_points(self, debate, alice, cora, rana, org_a, status, words):
        first = decide(cora, propose(alice, debate))
        point = propose(alice, debate, "Another point")
        if status != "proposed":
            decide(cora, point, status, merge_into=first if status == "merged" else None)
        message = refused(da.record_stance, acting_user=rana, point=point, organization=org_a, value="agree")
        assert words in message
        assert not Stance.objects.exists()

    def test_bad_stance_value(self, debate, alice, cora, rana, org_a):
        point = decide(cora, propose(alice, debate))
        with pytest.raises(ValidationError):
            stance(rana, point, org_a, "maybe")
        assert not Stance.objects.exists()


# --- the matrix: common ground and differences, on a hand-built case ---------------------------


@pytest.fixture
def three_way(alice, cora, rana, ben, cyrus, org_a, org_b, org_c, area):
    """A, B and C debate five accepted points (plus one rejected and one still proposed):
    1: A agree, B agree, C agree        → common ground
    2: A agree, B disagree, C agree     → difference (A–B crux, B–C crux)
    3: A agree, B reservation           → unsettled
    4: A agree, B abstain, C agree      → common ground (abstaining takes no side)
    5: nobody yet                       → unsettled
    """
    d = da.start_debate(
        acting_user=alice, title="Three-way", motion="M", body="B", difference="political", areas=[area],
        organizations=[org_a, org_b, org_c], chair=cora,
    )
    accept_chair(d)
    points = [decide(cora, propose(alice, d, f"Point {n}")) for n in range(1, 6)]
    decide(cora, propose(alice, d, "Rejected"), "rejected")
    propose(alice, d, "Proposed")
    table = {
        0: {"A": "agree", "B": "agree", "C": "agree"},
        1: {"A": "agree", "B": "disagree", "C": "agree"},
        2: {"A": "agree", "B": "reservation"},
        3: {"A": "agree", "B": "abstain", "C": "agree"},
    }
    reps = {"A": (rana, org_a), "B": (ben, org_b), "C": (cyrus, org_c)}
    for index, row in table.items():
        for key, value in row.items():
            user, org = reps[key]
            stance(user, points[index], org, value)
    return d, points


class TestMatrix:
    def test_groups(self, three_way, dave):
        from threads.debates.queries import debate_context

        d, points = three_way
        ctx = debate_context(dave, d.thread)
        matrix = ctx["matrix"]
        assert [r.point.number for r in matrix.rows] == [1, 2, 3, 4, 5]
        assert [r.point.text for r in matrix.common] == ["Point 1", "Point 4"]
        assert [r.point.text for r in matrix.differences] == ["Point 2"]
        assert [r.point.text for r in matrix.unsettled] == ["Point 3", "Point 5"]
        assert [p.text for p in ctx["proposed_points"]] == ["Proposed"]
        assert [p.text for p in ctx["set_aside_points"]] == ["Rejected"]

    def test_organizations_in_persian_alphabetical_order(self, three_way, dave):
        from threads.debates.queries import debate_context

        d, _ = three_way
        # پ sorts before س in Persian, though its code point (U+067E) comes after (U+0633).
        with translation.override("fa"):  # the reader's language decides the order
            names = [o.name_fa for o in debate_context(dave, d.thread)["organizations"]]
            row = debate_context(dave, d.thread)["matrix"].rows[1]
        assert names == ["پیکار", "سازمان الف", "سازمان ب"]
        assert [c.value for c in row.cells] == ["agree", "agree", "disagree"]
        assert [c.symbol for c in row.cells] == ["✓", "✓", "✗"]


class TestAcrossDebates:
    def test_convergence_and_crux(self, three_way, dave, org_a, org_b, org_c):
        from threads.debates import queries as q

        pairs = q.convergence(dave)["pairs"]
        # A–B share points 1, 2, 3 (B abstained on 4): agree on 1 only; 2 is a crux.
        assert pairs[(org_a.pk, org_b.pk)] == {"shared": 3, "agreed": 1, "cruxes": 1, "percent": 33}
        # A–C share 1, 2, 4 and agree on all.
        assert pairs[(org_a.pk, org_c.pk)] == {"shared": 3, "agreed": 3, "cruxes": 0, "percent": 100}
        crux = q.pair_crux(dave, org_b, org_c)
        assert [e["point"].text for e in crux["cruxes"]] == ["Point 2"]
        assert [e["point"].text for e in crux["agreed"]] == ["Point 1"]
        assert crux["percent"] == 50

    def test_area_ledger(self, three_way, dave, area):
        from threads.debates import queries as q

        [entry] = q.area_ledger(dave, area)
        assert [r.point.text for r in entry["matrix"].common] == ["Point 1", "Point 4"]
        assert [r.point.text for r in entry["matrix"].differences] == ["Point 2"]

    def test_members_only_debates_stay_hidden(self, alice, cora, rana, ben, org_a, org_b, area, dave, bob):
        from threads.debates import queries as q

        d = da.start_debate(
            acting_user=alice, title="Internal", motion="M", body="B", difference="organizational", areas=[area],
            organizations=[org_a, org_b], chair=cora, visibility="members",
        )
        accept_chair(d)
        point = decide(cora, propose(alice, d, "Secret point"))
        stance(rana, point, org_a, "agree")
        stance(ben, point, org_b, "disagree")
        publish(rana, d, org_a)
        assert q.area_ledger(dave, area) == []
        assert q.pair_crux(dave, org_a, org_b)["shared"] == 0
        assert q.organization_positions(dave, org_a) == []
        assert q.pair_crux(bob, org_a, org_b)["shared"] == 1
        assert len(q.organization_positions(bob, org_a)) == 1

    def test_positions_over_time(self, debate, rana, org_a, dave):
        from threads.debates import queries as q

        publish(rana, debate, org_a, "undecided", "Discussing.")
        publish(rana, debate, org_a, "opposes", "We oppose.")
        assert [r.stance for r in q.organization_positions(dave, org_a)] == ["undecided", "opposes"]


# --- summary, endorsements, conclusion ----------------------------------------------------------


@pytest.fixture
def summing_up(debate, cora):
    move(debate, cora, P.SUMMING_UP, reason="Short debate by agreement.")
    return Debate.objects.get(pk=debate.pk)


def endorse(user, debate, org, verdict="endorse", reason=""):
    return da.endorse_summary(acting_user=user, debate=debate, organization=org, verdict=verdict, reason=reason)


class TestSummary:
    def test_only_in_summing_up(self, debate, cora):
        message = refused(da.draft_summary, acting_user=cora, debate=debate, text="Summary")
        assert "summing-up phase" in message
        assert not Summary.objects.exists()

    @pytest.mark.parametrize("who", ["cora", "mona", "root"])
    def test_chair_moderator_admin_draft(self, summing_up, who, request):
        s = da.draft_summary(acting_user=request.getfixturevalue(who), debate=summing_up, text="We **agree** on X.")
        assert "<strong>agree</strong>" in s.text_html

    @pytest.mark.parametrize("who", ["rana", "alice", "ben", "dave"])
    def test_others_may_not_draft(self, summing_up, who, request):
        message = refused(da.draft_summary, acting_user=request.getfixturevalue(who), debate=summing_up, text="S")
        assert "chair" in message
        assert not Summary.objects.exists()

    def test_endorse_and_dissent(self, summing_up, cora, rana, ben, org_a, org_b):
        da.draft_summary(acting_user=cora, debate=summing_up, text="Draft one")
        endorse(rana, summing_up, org_a)
        with pytest.raises(ValidationError) as info:
            endorse(ben, summing_up, org_b, "dissent")
        assert "reason" in info.value.error_dict
        endorse(ben, summing_up, org_b, "dissent", "It understates our objection.")
        assert {(e.organization_id, e.verdict) for e in Endorsement.objects.all()} == {
            (org_a.pk, "endorse"), (org_b.pk, "dissent")
        }

    def test_endorsement_remembers_the_draft(self, summing_up, cora, rana, org_a, dave):
        from threads.debates.queries import debate_context

        da.draft_summary(acting_user=cora, debate=summing_up, text="Draft one")
        endorse(rana, summing_up, org_a)
        da.draft_summary(acting_user=cora, debate=summing_up, text="Draft two")
        [row] = [r for r in debate_context(dave, summing_up.thread)["endorsement_rows"] if r["endorsement"]]
        assert row["endorsement"].summary_revision == 1 and row["endorsement"].is_current is False

    @pytest.mark.parametrize("who", ["alice", "ben", "cora", "mona"])
    def test_only_its_representative_endorses(self, summing_up, cora, org_a, who, request):
        da.draft_summary(acting_user=cora, debate=summing_up, text="Draft")
        message = refused(
            da.endorse_summary, acting_user=request.getfixturevalue(who), debate=summing_up, organization=org_a,
            verdict="endorse",
        )
        assert "representative of" in message
        assert not Endorsement.objects.exists()

    def test_nothing_to_endorse_yet(self, summing_up, rana, org_a):
        message = refused(da.endorse_summary, acting_user=rana, debate=summing_up, organization=org_a, verdict="endorse")
        assert "no summary" in message

    def test_conclude_needs_summing_up_and_a_summary(self, debate, cora):
        assert "summing-up" in refused(da.conclude, acting_user=cora, debate=debate)
        move(debate, cora, P.SUMMING_UP, reason="r")
        assert "summary" in refused(da.conclude, acting_user=cora, debate=Debate.objects.get(pk=debate.pk))
        assert not DebateRecord.objects.exists()

    @pytest.mark.parametrize("who", ["rana", "alice", "ben"])
    def test_others_may_not_conclude(self, summing_up, cora, who, request):
        da.draft_summary(acting_user=cora, debate=summing_up, text="Draft")
        assert "chair" in refused(da.conclude, acting_user=request.getfixturevalue(who), debate=summing_up)
        assert Debate.objects.get(pk=summing_up.pk).phase == P.SUMMING_UP


@pytest.fixture
def concluded(three_way, cora, rana, ben, org_a, org_b):
    d, points = three_way
    move(d, cora, P.SUMMING_UP, reason="By agreement.")
    d = Debate.objects.get(pk=d.pk)
    da.draft_summary(acting_user=cora, debate=d, text="We agree on points 1 and 4; point 2 divides us.")
    endorse(rana, d, org_a)
    endorse(ben, d, org_b, "dissent", "Point 2 deserves more.")
    da.conclude(acting_user=cora, debate=d)
    return Debate.objects.get(pk=d.pk), points


class TestConcluded:
    def test_frozen_record(self, concluded, org_a, org_b):
        d, points = concluded
        assert d.phase == P.CONCLUDED and d.concluded_at and d.thread.is_locked
        record = DebateRecord.objects.get(debate=d)
        assert [p["group"] for p in record.data["points"]] == ["common", "difference", "unsettled", "common", "unsettled"]
        assert record.data["summary"]["revision"] == 1
        assert {e["verdict"] for e in record.data["endorsements"]} == {"endorse", "dissent"}
        assert {o["name_en"] for o in record.data["organizations"]} >= {"Organization A", "Organization B"}

    def test_nothing_changes_after_conclusion(self, concluded, cora, rana, alice, mona, org_a, root):
        d, points = concluded
        before = (
            Stance.objects.count(), LedgerPoint.objects.count(), Position.objects.count(),
            Summary.objects.get().revision_count, Endorsement.objects.count(), Post.objects.count(),
        )
        calls = [
            lambda: move(d, cora, P.SUMMING_UP, "x"),
            lambda: move(d, root, P.SUMMING_UP, "x"),
            lambda: stance(rana, points[0], org_a, "disagree"),
            lambda: propose(alice, d),
            lambda: decide(cora, points[4], "rejected"),
            lambda: publish(rana, d, org_a),
            lambda: da.draft_summary(acting_user=cora, debate=d, text="changed"),
            lambda: endorse(rana, d, org_a, "dissent", "changed our mind"),
            lambda: da.conclude(acting_user=cora, debate=d),
            lambda: reply(mona, d),
            lambda: reply(rana, d, org_a),
        ]
        for call in calls:
            with pytest.raises(ActionRefused):
                call()
        after = (
            Stance.objects.count(), LedgerPoint.objects.count(), Position.objects.count(),
            Summary.objects.get().revision_count, Endorsement.objects.count(), Post.objects.count(),
        )
        assert before == after
        assert Stance.objects.get(point=points[0], organization=org_a).value == "agree"

    @pytest.mark.parametrize("who", ["cora", "mona", "rana"])
    def test_only_admin_reopens(self, concluded, who, request):
        d, _ = concluded
        assert "admin" in refused(da.reopen, acting_user=request.getfixturevalue(who), debate=d, reason="r")
        assert Debate.objects.get(pk=d.pk).phase == P.CONCLUDED

    def test_admin_reopens_with_a_logged_reason(self, concluded, root, rana, org_a, points=None):
        d, points = concluded
        with pytest.raises(ValidationError):
            da.reopen(acting_user=root, debate=d, reason=" ")
        da.reopen(acting_user=root, debate=d, reason="Org B asked to revise point 2.")
        d = Debate.objects.get(pk=d.pk)
        assert d.phase == P.SUMMING_UP and not d.thread.is_locked
        log = PhaseChange.objects.filter(debate=d).last()
        assert log.is_reopening and log.actor == root and log.reason == "Org B asked to revise point 2."
        stance(rana, points[0], org_a, "reservation")
        assert DebateRecord.objects.filter(debate=d).count() == 1  # the earlier record stays


# --- pages and forms -----------------------------------------------------------------------------


def url(name, *args):
    from django.urls import reverse

    return reverse(name, args=args)


class TestDebatePage:
    def test_it_works_for_a_visitor(self, client, three_way):
        d, _ = three_way
        response = client.get(url("debate_detail", d.thread_id))
        assert response.status_code == 200
        html = response.content.decode()
        assert d.motion in html and "Point 2" in html
        assert 'id="debate-ledger"' in html and 'id="debate-positions"' in html
        assert "debate-controls" not in html  # a visitor sees no forms

    def test_it_works_in_english(self, client, three_way):
        d, _ = three_way
        client.cookies["hamgami_language"] = "en"
        html = client.get(url("debate_detail", d.thread_id)).content.decode()
        assert "Common ground" in html and "Differences" in html and "Organization A" in html

    def test_chair_sees_the_controls(self, login, three_way, cora):
        d, _ = three_way
        html = login(cora).get(url("debate_detail", d.thread_id)).content.decode()
        assert url("debate_phase", d.thread_id) in html
        assert url("point_decide", d.points.get(text="Proposed").pk) in html

    def test_representative_sees_stance_links(self, login, three_way, rana):
        d, points = three_way
        html = login(rana).get(url("debate_detail", d.thread_id)).content.decode()
        assert url("point_stance", points[0].pk) in html
        assert url("debate_phase", d.thread_id) not in html

    def test_it_checks_access(self, client, login, alice, cora, org_a, org_b, area, dave, public_thread):
        d = da.start_debate(
            acting_user=alice, title="Internal", motion="Secret motion", body="B", difference="political",
            areas=[area], organizations=[org_a, org_b], chair=cora, visibility="members",
        )
        assert client.get(url("debate_detail", d.thread_id)).status_code == 404
        assert login(dave).get(url("debate_detail", d.thread_id)).status_code == 404
        assert client.get(url("debate_detail", public_thread.pk)).status_code == 404  # not a debate
        assert login(alice).get(url("debate_detail", d.thread_id)).status_code == 200

    def test_queries_do_not_grow(self, client, django_assert_num_queries, three_way, alice, cora, area, db):
        """A visitor: thread, debate+chair, organizations, positions+authors, points+proposers, stances,
        replies per point, summary, the texts' translations (issue 20, one query however many texts),
        endorsements, phase log, chair changes, and the live stream's head (read first) = 13."""
        d, _ = three_way
        with django_assert_num_queries(13):
            client.get(url("debate_detail", d.thread_id))
        # Many more organizations and points, each with stances and positions.
        more = []
        for n in range(6):
            org = Organization.objects.create(
                slug=f"more-{n}", name_fa=f"سازمان {n}", name_en=f"More {n}", status=Organization.Status.ADMITTED
            )
            rep = make_user(f"rep{n}")
            join(rep, org, Membership.Role.REPRESENTATIVE)
            more.append((rep, org))
        d.organizations.add(*[org for _, org in more])
        d._participant_ids = None
        new_points = [decide(cora, propose(alice, d, f"Extra point {n}")) for n in range(20)]
        for rep, org in more:
            publish(rep, d, org)
            for point in new_points:
                stance(rep, point, org, "agree")
        with django_assert_num_queries(13):
            response = client.get(url("debate_detail", d.thread_id))
        assert "Extra point 19" in response.content.decode()

    def test_position_history(self, client, debate, rana, org_a):
        publish(rana, debate, org_a, "undecided", "First thoughts.")
        publish(rana, debate, org_a, "opposes", "We oppose.")
        response = client.get(url("debate_position_history", debate.thread_id, org_a.slug))
        assert response.status_code == 200
        html = response.content.decode()
        assert "First thoughts." in html and "We oppose." in html
        assert client.get(url("debate_position_history", debate.thread_id, "nope")).status_code == 404


class TestForms:
    def test_start_a_debate(self, login, alice, org_a, org_b, area, cora):
        client = login(alice)
        assert client.get(url("debate_new")).status_code == 200
        response = client.post(
            url("debate_new"),
            {
                "title": "Independent workers' organizations",
                "motion": "The coalition supports only independent workers' organizations.",
                "difference": "political",
                "body": "Opening text.",
                "areas": [area.pk],
                "organizations": [org_a.pk, org_b.pk],
                "chair": "cora",
                "visibility": "public",
            },
        )
        d = Debate.objects.get()
        assert response.status_code == 302 and response["Location"] == url("debate_detail", d.thread_id)
        assert d.chair == cora and set(d.organizations.all()) == {org_a, org_b}

    def test_start_a_debate_bad_input_keeps_what_was_typed(self, login, alice, org_a, area):
        response = login(alice).post(
            url("debate_new"),
            {"title": "Kept title", "motion": "", "difference": "political", "body": "x", "areas": [area.pk],
             "organizations": [org_a.pk], "visibility": "public"},
        )
        assert response.status_code == 400
        assert "Kept title" in response.content.decode()
        assert not Debate.objects.exists()

    def test_start_checks_access(self, client, login, dave):
        assert client.get(url("debate_new")).status_code == 302  # to log in
        assert login(dave).get(url("debate_new")).status_code == 403

    def test_run_a_debate_from_motion_to_summary(self, client, login, debate, cora, rana, ben, alice, org_a, org_b):
        t = debate.thread_id
        login(rana)
        assert client.post(url("debate_position", t), {"organization": org_a.pk, "stance": "supports",
                                                       "statement": "We support."}).status_code == 302
        assert client.post(url("debate_point", t), {"text": "The election is not free."}).status_code == 302
        point = LedgerPoint.objects.get()
        assert client.post(url("point_decide", point.pk), {"decision": "accepted"}).status_code == 403
        login(cora)
        assert client.get(url("point_decide", point.pk)).status_code == 200
        assert client.post(url("point_decide", point.pk), {"decision": "accepted"}).status_code == 302
        login(rana)
        assert client.get(url("point_stance", point.pk)).status_code == 200
        assert client.post(url("point_stance", point.pk), {"organization": org_a.pk, "value": "agree"}).status_code == 302
        login(ben)
        assert client.post(url("point_stance", point.pk), {"organization": org_b.pk, "value": "agree"}).status_code == 302
        login(cora)
        response = client.post(url("debate_phase", t), {"phase": "summing_up", "reason": ""})
        assert response.status_code == 400 and "reason" in response.content.decode()
        assert client.post(url("debate_phase", t), {"phase": "summing_up", "reason": "Agreed early."}).status_code == 302
        assert client.post(url("debate_summary", t), {"text": "We agree the election is not free."}).status_code == 302
        login(rana)
        assert client.post(url("debate_endorse", t), {"organization": org_a.pk, "verdict": "endorse"}).status_code == 302
        login(ben)
        response = client.post(url("debate_endorse", t), {"organization": org_b.pk, "verdict": "dissent", "reason": ""})
        assert response.status_code == 400
        assert client.post(url("debate_endorse", t), {"organization": org_b.pk, "verdict": "dissent",
                                                      "reason": "Too soft."}).status_code == 302
        assert client.post(url("debate_conclude", t)).status_code == 403
        login(cora)
        assert client.post(url("debate_conclude", t)).status_code == 302
        html = client.get(url("debate_detail", t)).content.decode()
        assert "The election is not free." in html and "Too soft." in html
        assert Debate.objects.get(pk=debate.pk).is_concluded

    @pytest.mark.parametrize("who, name", [("alice", "debate_position"), ("alice", "debate_endorse"),
                                           ("rana", "debate_summary"), ("rana", "debate_reopen"),
                                           ("cora", "debate_reopen")])
    def test_form_pages_check_access(self, login, debate, who, name, request):
        response = login(request.getfixturevalue(who)).get(url(name, debate.thread_id))
        assert response.status_code == 403
        assert "role=\"alert\"" in response.content.decode()

    def test_refusal_shows_the_reason(self, login, debate, alice):
        response = login(alice).post(
            url("debate_phase", debate.thread_id), {"phase": "rebuttals"}, headers={"accept-language": "en"}
        )
        assert response.status_code == 403
        assert "chair" in response.content.decode()
        assert Debate.objects.get(pk=debate.pk).phase == P.OPENING

    def test_reply_refused_by_phase(self, login, debate, alice):
        response = login(alice).post(url("thread_reply", debate.thread_id), {"body": "Hello"})
        assert response.status_code == 403
        assert debate.thread.posts.count() == 1


class TestAcrossDebatePages:
    def test_area_ledger(self, client, three_way, area):
        response = client.get(url("debate_area_ledger", area.slug))
        assert response.status_code == 200
        assert "Point 2" in response.content.decode()
        assert client.get(url("debate_area_ledger", "nope")).status_code == 404

    def test_crux_map_and_pair(self, client, three_way, org_a, org_b):
        response = client.get(url("debate_crux_map"))
        assert response.status_code == 200
        assert url("debate_crux_pair", org_a.slug, org_b.slug) in response.content.decode()
        response = client.get(url("debate_crux_pair", org_a.slug, org_b.slug))
        assert response.status_code == 200 and "Point 2" in response.content.decode()
        assert client.get(url("debate_crux_pair", org_a.slug, org_a.slug)).status_code == 404

    def test_org_positions(self, client, debate, rana, org_a):
        publish(rana, debate, org_a, "opposes", "No.")
        response = client.get(url("debate_org_positions", org_a.slug))
        assert response.status_code == 200 and debate.motion in response.content.decode()
        assert client.get(url("debate_org_positions", "nope")).status_code == 404

    def test_across_pages_queries_do_not_grow(self, client, django_assert_num_queries, three_way, area, org_a, org_b):
        # area, debates, organizations, participants, points, stances, the points' translations (issue 20)
        with django_assert_num_queries(7):
            client.get(url("debate_area_ledger", area.slug))
        with django_assert_num_queries(2):  # organizations, stances
            client.get(url("debate_crux_map"))
        with django_assert_num_queries(2):  # two organizations, stances with points and debates
            client.get(url("debate_crux_pair", org_a.slug, org_b.slug))


class TestLiveEvents:
    def test_actions_publish_rendered_sections(self, debate, alice, cora, rana, org_a, django_capture_on_commit_callbacks):
        from threads.core.events import capture_events

        with capture_events() as events:
            with django_capture_on_commit_callbacks(execute=True):
                point = propose(alice, debate, "A live point")
            with django_capture_on_commit_callbacks(execute=True):
                decide(cora, point)
            with django_capture_on_commit_callbacks(execute=True):
                stance(rana, point, org_a, "agree")
            with django_capture_on_commit_callbacks(execute=True):
                publish(rana, debate, org_a)
            with django_capture_on_commit_callbacks(execute=True):
                move(debate, cora, P.REBUTTALS)
        # The bell's counts (alice watches her debate: notices of the position and the phase) go to
        # each person's own stream; the debate's sections to the thread's.
        events = [e for e in events if not e.stream.startswith("user:")]
        assert [e.event for e in events] == ["debate.point", "debate.point", "debate.stance", "debate.position", "debate.phase"]
        assert {e.stream for e in events} == {f"thread:{debate.thread_id}"}
        stance_event = events[2]
        assert 'id="debate-ledger"' in stance_event.payload["visitor:en"]
        assert "A live point" in stance_event.payload["visitor:fa"]
        assert "csrfmiddlewaretoken" not in stance_event.payload["member:fa"]
        assert 'id="debate-phase"' in events[4].payload["member:en"]

    def test_members_only_events_skip_visitors(self, alice, cora, org_a, org_b, area, django_capture_on_commit_callbacks):
        from threads.core.events import capture_events

        d = da.start_debate(
            acting_user=alice, title="Internal", motion="M", body="B", difference="political", areas=[area],
            organizations=[org_a, org_b], chair=cora, visibility="members",
        )
        with capture_events() as events, django_capture_on_commit_callbacks(execute=True):
            propose(alice, d, "Secret point")
        [event] = events
        assert not any(key.startswith("visitor:") for key in event.payload)
        assert "Secret point" in event.payload["member:fa"]

    def test_refused_action_publishes_nothing(self, debate, alice, django_capture_on_commit_callbacks):
        from threads.core.events import capture_events

        with capture_events() as events, django_capture_on_commit_callbacks(execute=True):
            with pytest.raises(ActionRefused):
                move(debate, alice, P.REBUTTALS)
        assert events == []


class TestOpeningPost:
    def test_the_introduction_is_not_the_orgs_opening_statement(self, rana, cora, org_a, org_b, area):
        d = da.start_debate(
            acting_user=rana, title="T", motion="M", body="Introduction", difference="political", areas=[area],
            organizations=[org_a, org_b], chair=cora, on_behalf_of=org_a,
        )
        reply(rana, d, org_a, "Our opening statement.")
        assert d.thread.posts.count() == 2


# --- demo data ---------------------------------------------------------------------------------


def test_seed_debates(db):
    from threads.demo import data as demo_data
    from threads.demo.debates import seed_debates

    orgs = {
        spec["slug"]: Organization.objects.create(
            slug=spec["slug"], name_fa=spec["name_fa"], name_en=spec["name_en"], status=Organization.Status.ADMITTED
        )
        for spec in demo_data.ORGANIZATIONS
    }
    join(make_user("alice"), orgs["ila-vancouver"])
    join(make_user("bob"), orgs["iranian-leftists-chicago"])
    with_two_factor(make_user("mona", is_moderator=True))
    assert seed_debates() == 2
    assert seed_debates() == 0  # idempotent
    concluded, running = Debate.objects.order_by("pk")
    assert concluded.is_concluded and running.phase == P.REBUTTALS
    assert concluded.organizations.count() == 6
    for d in (concluded, running):
        assert d.points.filter(status="accepted").count() >= 8
        assert Stance.objects.filter(point__debate=d).values("value").distinct().count() >= 3
        assert d.positions.count() == 6
    assert Summary.objects.get(debate=concluded)
    assert Endorsement.objects.filter(debate=concluded, verdict="dissent").exists()
    assert DebateRecord.objects.filter(debate=concluded).exists()


# --- the chair the organizations accept ---------------------------------------------------------


@pytest.fixture
def pending(alice, cora, rana, ben, org_a, org_b, area):
    """A debate between A and B whose named chair, cora (a member, not a moderator), waits for both."""
    return da.start_debate(
        acting_user=alice, title="Who chairs?", motion="M", body="B", difference="political", areas=[area],
        organizations=[org_a, org_b], chair=cora,
    )


def answer(user, debate, org, verdict="accept", reason=""):
    return da.answer_chair(acting_user=user, debate=debate, organization=org, verdict=verdict, reason=reason)


class TestChair:
    def test_a_moderator_chairs_at_once(self, alice, mona, org_a, org_b, area):
        d = da.start_debate(
            acting_user=alice, title="T", motion="M", body="B", difference="political", areas=[area],
            organizations=[org_a, org_b], chair=mona,
        )
        assert d.chair_is_accepted
        move(d, mona, P.REBUTTALS)

    def test_a_named_chair_cannot_run_the_debate_before_acceptance(self, pending, cora, alice):
        assert not pending.chair_is_accepted
        assert "chair" in refused(move, debate=pending, user=cora, to=P.REBUTTALS)
        point = propose(alice, pending)
        refused(decide, user=cora, point=point)
        assert LedgerPoint.objects.get(pk=point.pk).status == LedgerPoint.Status.PROPOSED
        assert Debate.objects.get(pk=pending.pk).phase == P.OPENING

    def test_representatives_are_asked_and_the_chair_hears_when_all_accept(self, pending, cora, rana, ben, org_a, org_b):
        from threads.following.models import Notification

        asked = set(Notification.objects.filter(kind="chair").values_list("user__username", "organization__slug"))
        assert asked == {("rana", "org-a"), ("ben", "org-b")}
        answer(rana, pending, org_a)
        pending.refresh_from_db()
        assert not pending.chair_is_accepted
        assert not Notification.objects.filter(kind="chair_ok").exists()
        answer(ben, pending, org_b)
        pending.refresh_from_db()
        assert pending.chair_is_accepted
        assert list(Notification.objects.filter(kind="chair_ok").values_list("user__username", flat=True)) == ["cora"]
        move(pending, cora, P.REBUTTALS)

    @pytest.mark.parametrize("who", ["alice", "cyrus", "cora", "mona"])
    def test_only_a_participating_representative_answers(self, pending, who, request, org_a, org_c):
        user = request.getfixturevalue(who)
        org = org_c if who == "cyrus" else org_a
        refused(answer, user=user, debate=pending, org=org)
        assert not pending.chair_answers.exists()

    def test_an_objection_needs_a_reason_and_blocks(self, pending, rana, ben, org_a, org_b):
        with pytest.raises(ValidationError) as info:
            answer(ben, pending, org_b, "object")
        assert "reason" in info.value.error_dict
        answer(ben, pending, org_b, "object", "Cora wrote the motion; a chair should be neutral.")
        answer(rana, pending, org_a)
        pending.refresh_from_db()
        assert not pending.chair_is_accepted
        answer(ben, pending, org_b, "accept")  # an organization may change its answer
        pending.refresh_from_db()
        assert pending.chair_is_accepted
        assert "already been accepted" in refused(answer, user=rana, debate=pending, org=org_a, verdict="object", reason="x")

    def test_a_moderator_names_another_chair(self, pending, mona, alice, rana, ben, org_a, org_b, cora):
        refused(da.name_chair, acting_user=alice, debate=pending, chair=rana)
        answer(rana, pending, org_a)  # for cora
        da.name_chair(acting_user=mona, debate=pending, chair=rana)
        pending.refresh_from_db()
        assert pending.chair == rana and not pending.chair_is_accepted
        assert da.chair_answers(pending) == {}  # answers about cora do not count for rana
        answer(rana, pending, org_a)
        answer(ben, pending, org_b)
        pending.refresh_from_db()
        assert pending.chair_is_accepted
        with pytest.raises(ValidationError) as info:  # replacing an accepted chair needs a reason
            da.name_chair(acting_user=mona, debate=pending, chair=mona)
        assert "reason" in info.value.error_dict
        da.name_chair(acting_user=mona, debate=pending, chair=mona, reason="Rana is away.")
        pending.refresh_from_db()
        assert pending.chair == mona and pending.chair_is_accepted
        log = [(c.from_chair.username, c.to_chair.username, c.reason) for c in pending.chair_changes.all()]
        assert log == [("cora", "rana", ""), ("rana", "mona", "Rana is away.")]

    def test_the_page_shows_who_has_answered(self, client, login, pending, rana, ben, org_a, org_b):
        answer(ben, pending, org_b, "object", "Not neutral.")
        html = client.get(url("debate_detail", pending.thread_id), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "waiting for the participating organizations to accept" in html
        assert "not answered yet" in html and "Not neutral." in html
        html = login(rana).get(url("debate_detail", pending.thread_id), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert url("debate_chair_answer", pending.thread_id) in html

    def test_answer_through_the_form(self, client, login, pending, ben, org_b):
        login(ben)
        path = url("debate_chair_answer", pending.thread_id)
        assert client.get(path).status_code == 200
        response = client.post(path, {"organization": org_b.pk, "verdict": "object", "reason": ""})
        assert response.status_code == 400
        assert not pending.chair_answers.exists()
        response = client.post(path, {"organization": org_b.pk, "verdict": "accept"})
        assert response.status_code == 302
        assert pending.chair_answers.get().verdict == "accept"

    def test_name_a_chair_through_the_form(self, client, login, pending, mona, alice):
        path = url("debate_chair_name", pending.thread_id)
        assert login(alice).get(path).status_code == 403
        login(mona)
        response = client.post(path, {"chair": "nobody-here", "reason": ""})
        assert response.status_code == 400 and "nobody-here" in response.content.decode()
        assert client.post(path, {"chair": "mona", "reason": ""}).status_code == 302
        pending.refresh_from_db()
        assert pending.chair == mona and pending.chair_is_accepted

    def test_answers_are_live(self, pending, rana, ben, org_a, org_b, django_capture_on_commit_callbacks):
        from threads.core.events import capture_events

        with capture_events() as events:
            with django_capture_on_commit_callbacks(execute=True):
                answer(ben, pending, org_b, "object", "Not neutral.")
            with django_capture_on_commit_callbacks(execute=True):
                answer(rana, pending, org_a)
        events = [e for e in events if not e.stream.startswith("user:")]
        assert [e.event for e in events] == ["debate.chair", "debate.chair"]
        assert 'id="debate-phase"' in events[0].payload["visitor:en"]
        assert "Not neutral." in events[0].payload["visitor:fa"]

    def test_an_unaccepted_chair_moderates_nothing(self, pending, cora):
        from threads.moderation import actions as moderation

        refused(moderation.lock_thread, acting_user=cora, thread=pending.thread)
        assert not moderation.is_any_moderator(cora)


# --- replies that answer a ledger point or a position ---------------------------------------------


def post_in(user, debate, body="A reply.", org=None, **kwargs):
    return actions.create_post(acting_user=user, thread=debate.thread, body=body, on_behalf_of=org, **kwargs)


@pytest.fixture
def open_floor(debate, cora):
    move(debate, cora, P.REBUTTALS)
    return move(debate, cora, P.OPEN_FLOOR)


class TestQuotes:
    def test_agree_with_a_point(self, open_floor, alice, cora):
        point = decide(cora, propose(alice, open_floor))
        reply_ = post_in(alice, open_floor, "Yes.", quote=point, agreement="agree")
        reply_.refresh_from_db()
        assert (reply_.quoted_point, reply_.quoted_position, reply_.agreement) == (point, None, "agree")

    def test_a_position_is_quoted_as_it_was_read(self, client, open_floor, bob, rana, org_a):
        position = publish(rana, open_floor, org_a, "supports", "We support it fully.")
        post_in(bob, open_floor, "No.", quote=position, agreement="disagree")
        publish(rana, open_floor, org_a, "opposes", "We changed our minds.")
        html = client.get(open_floor.thread.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "Disagrees with the position of Organization A" in html
        assert "We support it fully." in html  # the version bob answered, not the current one
        assert "#version-1" in html

    def test_answering_a_position_tells_its_representatives(self, open_floor, alice, ben, org_b,
                                                              django_capture_on_commit_callbacks):
        from threads.core.events import capture_events
        from threads.following.models import Notification

        position = publish(ben, open_floor, org_b, "opposes", "We oppose it.")
        with capture_events() as events, django_capture_on_commit_callbacks(execute=True):
            post_in(alice, open_floor, "Comrades of B, reconsider.", quote=position, agreement="disagree")
        note = Notification.objects.get(user=ben, post__isnull=False)
        assert (note.kind, note.organization) == ("org_mention", org_b)
        [created] = [e for e in events if e.event == "post.created"]
        assert "Disagrees with the position of Organization B" in created.payload["visitor:en"]  # live, too

    def test_what_cannot_be_quoted(self, open_floor, alice, cora, rana, org_a, public_thread):
        point = decide(cora, propose(alice, open_floor, "Kept point"))
        merged = decide(cora, propose(alice, open_floor, "Same point"), "merged", merge_into=point)
        rejected = decide(cora, propose(alice, open_floor, "Off topic"), "rejected")
        for quote, words in ((merged, "merged into point 1"), (rejected, "rejected")):
            with pytest.raises(ValidationError) as info:
                post_in(alice, open_floor, quote=quote)
            assert words in str(info.value)
        with pytest.raises(ValidationError):  # agreeing with nothing
            post_in(alice, open_floor, agreement="agree")
        with pytest.raises(ValidationError):  # a point of another debate's ledger, in an ordinary thread
            actions.create_post(acting_user=alice, thread=public_thread, body="x", quote=point)
        assert open_floor.thread.posts.count() == 1

    def test_a_point_of_another_debate_is_refused(self, open_floor, alice, cora, rana, ben, org_a, org_b, area, mona):
        other = da.start_debate(
            acting_user=alice, title="Other", motion="M", body="B", difference="political", areas=[area],
            organizations=[org_a, org_b], chair=mona,
        )
        foreign = propose(alice, other, "Elsewhere")
        with pytest.raises(ValidationError):
            post_in(alice, open_floor, quote=foreign)

    def test_reply_form_answers_a_point(self, client, login, open_floor, alice, cora):
        point = decide(cora, propose(alice, open_floor, "The call is bilingual."))
        login(alice)
        page = client.get(open_floor.thread.get_absolute_url() + f"?quote=point-{point.pk}", HTTP_ACCEPT_LANGUAGE="en")
        html = page.content.decode()
        assert f'<option value="point-{point.pk}" selected>' in html
        response = client.post(
            url("thread_reply", open_floor.thread_id),
            {"body": "Bilingual is not enough: Kurdish and Azeri too.", "responds_to": f"point-{point.pk}",
             "agreement": "disagree"},
        )
        assert response.status_code == 302
        post = Post.objects.latest("pk")
        assert (post.quoted_point, post.agreement) == (point, "disagree")
        html = client.get(open_floor.thread.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "Disagrees with ledger point 1" in html and f'href="#point-{point.number}"' in html

    def test_reply_form_keeps_the_text_on_a_bad_choice(self, client, login, open_floor, alice):
        login(alice)
        response = client.post(
            url("thread_reply", open_floor.thread_id),
            {"body": "My careful words.", "responds_to": "point-999999", "agreement": "agree"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.status_code == 400
        html = response.content.decode()
        assert "My careful words." in html and "Choose a point or a position of this debate." in html
        assert open_floor.thread.posts.count() == 1

    def test_ordinary_threads_have_no_such_field(self, client, login, alice, public_thread):
        html = login(alice).get(public_thread.get_absolute_url()).content.decode()
        assert 'name="responds_to"' not in html

    def test_the_panel_links_to_answering(self, client, open_floor, alice, cora, rana, org_a):
        point = decide(cora, propose(alice, open_floor))
        position = publish(rana, open_floor, org_a)
        html = client.get(open_floor.thread.get_absolute_url()).content.decode()
        assert f"?quote=point-{point.pk}#reply" in html
        assert f"?quote=position-{position.pk}#reply" in html

    def test_each_point_counts_and_lists_its_replies(self, client, django_assert_num_queries, open_floor, alice,
                                                      bob, cora, mona):
        point = decide(cora, propose(alice, open_floor, "The bulletin is monthly."))
        other = decide(cora, propose(alice, open_floor, "Another point"))
        post_in(alice, open_floor, "Yes, monthly.", quote=point, agreement="agree")
        post_in(bob, open_floor, "Quarterly is enough.", quote=point, agreement="disagree")
        hidden = post_in(bob, open_floor, "Rude words.", quote=point, agreement="disagree")
        moderation_actions.hide_post(acting_user=mona, post=hidden, reason="Not comradely")
        post_in(bob, open_floor, "On the other point.", quote=other)
        html = client.get(open_floor.thread.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        replies_url = url("debate_point_replies", open_floor.thread_id, point.number)
        row = html[html.index(replies_url) - 600 : html.index(replies_url) + 400]
        assert "2 replies" in row and "✓</span> 1" in row and "✗</span> 1" in row  # the hidden one is not counted
        with django_assert_num_queries(5):  # thread, debate+chair, point, its replies, the translations of both
            page = client.get(replies_url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "Yes, monthly." in page and "Quarterly is enough." in page and "Rude words." not in page
        assert "On the other point." not in page
        assert client.get(url("debate_point_replies", open_floor.thread_id, 99)).status_code == 404

    def test_the_point_reads_in_the_readers_language_with_the_original_a_click_away(self, client, open_floor, alice,
                                                                                   cora):
        """Issue 20: the replies page of a translated point shows it as the debate page does."""
        point = decide(cora, propose(alice, open_floor, "The bulletin is monthly."))
        translation_actions.translate_text(acting_user=alice, target=point, language="fa", text="نشریه ماهانه است.")
        replies_url = url("debate_point_replies", open_floor.thread_id, point.number)
        persian = client.get(replies_url, HTTP_ACCEPT_LANGUAGE="fa").content.decode()
        assert "نشریه ماهانه است." in persian and "translation-mark" in persian
        assert '<details class="post-original">' in persian and "The bulletin is monthly." in persian
        english = client.get(replies_url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "The bulletin is monthly." in english and "نشریه ماهانه است." not in english

    def test_thread_page_queries_do_not_grow_with_quotes(self, client, django_assert_num_queries, open_floor, alice,
                                                          bob, cora, rana, org_a):
        point = decide(cora, propose(alice, open_floor))
        position = publish(rana, open_floor, org_a)
        post_in(alice, open_floor, quote=point, agreement="agree")
        path = open_floor.thread.get_absolute_url()
        client.get(path)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as few:
            client.get(path)
        for n in range(10):
            post_in(bob, open_floor, f"Reply {n}", quote=position if n % 2 else point, agreement="disagree")
        with django_assert_num_queries(len(few.captured_queries)):
            html = client.get(path).content.decode()
        assert "Reply 9" in html


# --- rebuttals answer another organization ------------------------------------------------------


class TestRebuttals:
    @pytest.fixture
    def rebuttals(self, debate, cora, rana, ben, org_a, org_b):
        self.a_opening = post_in(rana, debate, "A's opening statement.", org_a)
        self.b_opening = post_in(ben, debate, "B's opening statement.", org_b)
        return move(debate, cora, P.REBUTTALS)

    def test_a_rebuttal_must_answer_another_organization(self, rebuttals, rana, org_a):
        for kwargs in ({}, {"reply_to": self.a_opening}):
            with pytest.raises(ValidationError) as info:
                post_in(rana, rebuttals, "Our rebuttal.", org_a, **kwargs)
            assert "another organization" in str(info.value)
        own = publish(rana, rebuttals, org_a)
        with pytest.raises(ValidationError):
            post_in(rana, rebuttals, "Quoting ourselves.", org_a, quote=own)
        assert rebuttals.thread.posts.count() == 3

    def test_replying_to_or_quoting_another_organization_is_a_rebuttal(self, rebuttals, rana, ben, org_a, org_b):
        post_in(rana, rebuttals, "To B.", org_a, reply_to=self.b_opening)
        theirs = publish(ben, rebuttals, org_b)
        post_in(rana, rebuttals, "On B's position.", org_a, quote=theirs, agreement="disagree")
        assert rebuttals.thread.posts.count() == 5

    def test_the_form_says_how_and_keeps_the_text(self, client, login, rebuttals, rana, org_a):
        login(rana)
        response = client.post(
            url("thread_reply", rebuttals.thread_id),
            {"body": "A long rebuttal we worked on.", "on_behalf_of": org_a.pk},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.status_code == 400
        html = response.content.decode()
        assert "A long rebuttal we worked on." in html and "A rebuttal answers another organization" in html


# --- phase deadlines ----------------------------------------------------------------------------


def deadline_passes(debate):
    """Time passes: the phase's deadline (set in the future, as the action requires) is now behind us."""
    Debate.objects.filter(pk=debate.pk).update(phase_deadline=timezone.now() - timedelta(minutes=1))
    debate.refresh_from_db()
    return debate


class TestDeadlines:
    def test_after_the_deadline_the_phase_takes_no_contributions(self, debate, cora, rana, org_a):
        da.move_phase(acting_user=cora, debate=debate, to_phase=P.OPENING, deadline=timezone.now() + timedelta(days=1))
        deadline_passes(debate)
        assert "deadline" in refused(post_in, user=rana, debate=debate, body="Late.", org=org_a)
        post_in(cora, debate, "The chair extends the deadline by a day.")  # procedural notes still go
        da.move_phase(acting_user=cora, debate=debate, to_phase=P.OPENING, deadline=timezone.now() + timedelta(days=1))
        post_in(rana, Debate.objects.get(pk=debate.pk), "On time now.", org_a)
        assert debate.thread.posts.count() == 3

    def test_moving_on_opens_the_next_phase(self, debate, cora, alice):
        move(debate, cora, P.REBUTTALS)
        da.move_phase(acting_user=cora, debate=debate, to_phase=P.OPEN_FLOOR, deadline=timezone.now() + timedelta(days=1))
        debate = deadline_passes(debate)
        refused(post_in, user=alice, debate=debate)
        move(debate, cora, P.SUMMING_UP)
        assert Debate.objects.get(pk=debate.pk).phase_deadline is None

    def test_endorsements_close_with_the_deadline(self, debate, cora, rana, org_a):
        move(debate, cora, P.REBUTTALS)
        move(debate, cora, P.OPEN_FLOOR)
        debate = da.move_phase(
            acting_user=cora, debate=debate, to_phase=P.SUMMING_UP, deadline=timezone.now() + timedelta(days=1)
        )
        da.draft_summary(acting_user=cora, debate=debate, text="We agree on much.")
        debate = deadline_passes(debate)
        refused(da.endorse_summary, acting_user=rana, debate=debate, organization=org_a, verdict="endorse")
        assert not Endorsement.objects.exists()

    def test_the_page_and_the_form_say_so(self, client, login, debate, cora, rana, org_a):
        da.move_phase(acting_user=cora, debate=debate, to_phase=P.OPENING, deadline=timezone.now() + timedelta(days=1))
        deadline_passes(debate)
        login(rana)
        html = client.get(debate.thread.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "The deadline passed on" in html
        response = client.post(
            url("thread_reply", debate.thread_id),
            {"body": "Our late statement, carefully written.", "on_behalf_of": org_a.pk},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.status_code == 403
        html = response.content.decode()
        assert "Our late statement, carefully written." in html and "deadline of this phase passed" in html
        assert debate.thread.posts.count() == 1
