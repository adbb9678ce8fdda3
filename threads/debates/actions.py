"""Every change to a debate: permission checked, one transaction, live event on commit.

Who may do what (see ../shared/design.md, issue 4):
- an organization's representative speaks for it: its position, its stances, its endorsement;
- the chair of the debate, moderators and admins run it: phases, ledger decisions, the summary;
- anyone taking part (a member of a participating organization, the chair, a moderator) may
  propose a ledger point;
- after conclusion nothing changes, except by an admin reopening it (logged).
"""

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access as people
from accounts.models import Organization
from forum.errors import ActionRefused, Conflict, invalid, require
from forum.formats import calendar_date
from forum.markup import render_markdown
from forum.text import guess_language, normalize_persian
from threads.core import actions as thread_actions
from threads.core.events import publish_on_commit
from threads.core.models import Agreement, Post, Thread
from threads.debates import hooks, rules
from threads.debates import queries as debate_queries
from threads.debates.models import (
    ChairAnswer,
    ChairChange,
    Debate,
    DebateRecord,
    Endorsement,
    LedgerPoint,
    LedgerPointRevision,
    PhaseChange,
    Position,
    PositionRevision,
    PositionStance,
    Stance,
    StanceRevision,
    StanceValue,
    Summary,
    SummaryRevision,
)
from threads.debates.rules import (  # noqa: F401 - the rules are asked of this module too
    can_run,
    chair_answers,
    count_words,
    is_acting_chair,
    is_participating,
    may_reword_point,
    point_is_answered,
    participant_ids,
    takes_part,
    voices,
    words_used,
)

MOTION_MAX = 1000
POINT_MIN = 3
POINT_MAX = 300
STATEMENT_MAX = 10000
REASON_MAX = 300
SUMMARY_MAX = 20000
Phase = Debate.Phase


# --- who may ------------------------------------------------------------------------------------


def require_open(debate: Debate) -> None:
    require(
        not debate.is_concluded,
        _("This debate is concluded; it is read-only unless an admin reopens it."),
    )


def _require_voice(user, debate: Debate, organization: Organization, what: str) -> None:
    require(
        is_participating(debate, organization),
        _("%(org)s does not take part in this debate, so it cannot %(what)s here.")
        % {"org": organization.name, "what": what},
    )
    require(
        people.can_speak_for(user, organization),
        _("Only a representative of %(org)s may %(what)s on its behalf.") % {"org": organization.name, "what": what},
    )


def _locked_debate(debate: Debate) -> Debate:
    """Re-read the debate under a row lock so concurrent phase moves and writes serialize."""
    fresh = Debate.objects.select_for_update().select_related("thread").get(pk=debate.pk)
    fresh._participant_ids = getattr(debate, "_participant_ids", None)
    return fresh


# --- the post hook (called by threads.core.actions.create_post) --------------------------------------


def check_post_allowed(
    acting_user,
    thread: Thread,
    on_behalf_of: Organization | None,
    body: str = "",
    *,
    reply_to: Post | None = None,
    quoted_position: PositionRevision | None = None,
) -> None:
    """What may be posted in a debate depends on its phase; ordinary threads are not concerned.

    opening: one statement per participating organization, by its representative, on its behalf;
    rebuttals: representatives, on behalf of their participating organization, answering another
    organization (a reply to its post, or a quote of its position);
    open floor: every member; summing-up: representatives and the chair; concluded: nobody.
    Once a phase's deadline has passed it takes no more posts until the chair extends it or
    moves on. The chair (and moderators) may post procedural notes in any open phase.
    """
    if thread.kind != Thread.Kind.DEBATE:
        return
    debate = Debate.objects.filter(thread=thread).first()
    if debate is None:
        return
    require_open(debate)
    runs_it = can_run(acting_user, debate)
    if on_behalf_of is None and runs_it:
        return
    require_before_deadline(debate)
    if debate.phase == Phase.OPEN_FLOOR:
        _check_word_budget(debate, on_behalf_of, body)
        return
    if on_behalf_of is None:
        if debate.phase == Phase.OPENING:
            message = _(
                "In the opening phase only organizations speak: a representative posts its opening statement on its behalf."
            )
        elif debate.phase == Phase.REBUTTALS:
            message = _("In the rebuttals phase only representatives reply, on behalf of their organization.")
        else:
            message = _("In the summing-up phase only representatives, on behalf of their organization, and the chair post.")
        raise ActionRefused(message)
    _require_voice(acting_user, debate, on_behalf_of, _("post"))
    if debate.phase == Phase.OPENING:
        already = rules.phase_posts(debate).filter(on_behalf_of=on_behalf_of)
        require(
            not already.exists(),
            _("%(org)s has already posted its opening statement; it can reply in the rebuttals phase.")
            % {"org": on_behalf_of.name},
        )
    if debate.phase == Phase.REBUTTALS:
        answered = set()
        if reply_to is not None and reply_to.on_behalf_of_id:
            answered.add(reply_to.on_behalf_of_id)
        if quoted_position is not None:
            answered.add(quoted_position.position.organization_id)
        if not answered - {on_behalf_of.pk}:
            raise invalid(
                _(
                    "A rebuttal answers another organization: use “Reply” on one of its posts, or choose its "
                    "position under “Answering”."
                ),
                "responds_to",
            )
    _check_word_budget(debate, on_behalf_of, body)


def require_before_deadline(debate: Debate) -> None:
    if debate.deadline_passed():
        raise ActionRefused(
            _(
                "The deadline of this phase passed on %(date)s; it takes no more contributions until the chair "
                "extends the deadline or moves the debate on."
            )
            % {"date": calendar_date(debate.phase_deadline)}
        )


def clean_quote(
    thread: Thread, quote, agreement: str = "", *, seen_wording: int | None = None
) -> tuple[LedgerPoint | None, PositionRevision | None, str]:
    """What a reply quotes: a point of this debate's ledger (proposed or accepted), or an
    organization's position in this debate, kept as the version the writer read.

    The quoted point or position is read afresh under the debate's row lock (the one `reword_point`
    and `publish_position` take), so call it inside the reply's transaction: a new version and a
    reply quoting it follow one another. `seen_wording`, the version the writer was shown: when there
    is a newer one, the reply is refused with a Conflict, as they would answer words they have not read."""
    agreement = agreement or ""
    if agreement not in ("", *Agreement.values):
        raise invalid(_("Choose agree, disagree, or neither."), "agreement")
    if quote is None:
        if agreement:
            raise invalid(_("Choose the point or position you agree or disagree with."), "responds_to")
        return None, None, ""
    debate = Debate.objects.filter(thread_id=thread.pk).first()
    if debate is None:
        raise invalid(_("Only a reply in a debate can quote a ledger point or a position."), "responds_to")
    if isinstance(quote, LedgerPoint) and quote.debate_id != debate.pk:
        raise invalid(_("You can only quote a point of this debate's ledger."), "responds_to")
    if isinstance(quote, Position) and quote.debate_id != debate.pk:
        raise invalid(_("You can only quote a position taken in this debate."), "responds_to")
    if not isinstance(quote, (LedgerPoint, Position)):
        raise invalid(_("Choose a point or a position to answer."), "responds_to")
    _locked_debate(debate)
    quote = _current_version_of(quote, seen_wording)
    if isinstance(quote, Position):
        revision = (
            PositionRevision.objects.select_related("position__organization")
            .filter(position=quote, number=quote.revision_count)
            .first()
        )
        return None, revision, agreement
    if quote.status == LedgerPoint.Status.MERGED:
        target = LedgerPoint.objects.get(pk=quote.merged_into_id)
        raise invalid(
            _("This point was merged into point %(n)d; quote that one.") % {"n": target.number}, "responds_to"
        )
    if quote.status == LedgerPoint.Status.REJECTED:
        raise invalid(_("The chair rejected this point; it is no longer debated."), "responds_to")
    return quote, None, agreement


def _current_version_of(quote: LedgerPoint | Position, seen: int | None) -> LedgerPoint | Position:
    """The quoted point or position as it is now (call under the debate's lock, so no new version is
    under way); refused when it has a version newer than the one the writer was shown (`seen`)."""
    if isinstance(quote, Position):
        # Its row locked too: a correction for privacy locks it by name (the debate only through a join).
        quote = Position.objects.select_for_update(of=("self",)).select_related("organization").get(pk=quote.pk)
    else:
        quote = LedgerPoint.objects.get(pk=quote.pk)
    if seen is None or quote.revision_count == seen:
        return quote
    if isinstance(quote, Position):
        message = _(
            "The position of %(org)s was revised while you were writing, so your reply would answer a version "
            "you have not read. Read its new version; your text is kept below: send it again to answer it."
        ) % {"org": quote.organization.name}
    else:
        message = _(
            "Point %(n)d was reworded while you were writing, so your reply would answer words you have "
            "not read. Read its new wording; your text is kept below: send it again to answer it."
        ) % {"n": quote.number}
    raise Conflict(message, "responds_to")


def _check_word_budget(debate: Debate, organization: Organization | None, body: str) -> None:
    if not debate.word_budget or organization is None or not body:
        return
    used = words_used(debate).get(organization.pk, 0)
    wanted = count_words(body)
    if used + wanted > debate.word_budget:
        raise invalid(
            _(
                "%(org)s has used %(used)d of its %(budget)d words in this phase; this text has %(wanted)d words. Shorten it."
            )
            % {"org": organization.name, "used": used, "budget": debate.word_budget, "wanted": wanted},
            "body",
        )


# --- live fragments -------------------------------------------------------------------------------


def _panel_renderer(debate: Debate, section: str):
    """Render the part of the debate panel that changed, once per audience, from the page's partials."""

    def render(audience: str):
        if debate.thread.is_members_only and audience == people.VISITOR:
            return None
        context = debate_queries.debate_context(people.anonymous(), debate.thread, audience=audience)
        return render_to_string(f"debates/_{section}.html", context)

    return render


def publish_section(debate: Debate, event: str, section: str, data: dict) -> None:
    publish_on_commit(debate.thread.stream, event, _panel_renderer(debate, section), {"debate": debate.pk, **data})


# --- validation -------------------------------------------------------------------------------------


def clean_text(value: str, *, field: str, minimum: int = 1, maximum: int, empty_message) -> str:
    value = normalize_persian((value or "").replace("\r\n", "\n").strip())
    if len(value) < minimum:
        raise invalid(empty_message, field)
    if len(value) > maximum:
        raise invalid(
            _("The text is %(length)d characters long; the limit is %(limit)d.") % {"length": len(value), "limit": maximum},
            field,
        )
    return value


def _clean_reason(reason: str) -> str:
    reason = normalize_persian(" ".join((reason or "").split()))
    if len(reason) > REASON_MAX:
        raise invalid(_("The reason is too long; at most %(limit)d characters.") % {"limit": REASON_MAX}, "reason")
    return reason


def _clean_deadline(deadline):
    if deadline is not None and deadline <= timezone.now():
        raise invalid(_("The deadline must be in the future."), "deadline")
    return deadline


# --- actions ------------------------------------------------------------------------------------


def start_debate(
    *,
    acting_user,
    title: str,
    motion: str,
    body: str,
    difference: str,
    areas,
    organizations=None,
    chair=None,
    visibility: str = Thread.Visibility.PUBLIC,
    tags=(),
    on_behalf_of: Organization | None = None,
    phase_deadline=None,
    word_budget: int | None = None,
) -> Debate:
    """Start a debate: its thread (with the opening post) and the debate, in one transaction."""
    require(people.can_post(acting_user), _("Only members of an organization can start debates."))
    motion = clean_text(
        motion, field="motion", maximum=MOTION_MAX, empty_message=_("A debate needs a motion or a question.")
    )
    if difference not in Debate.Difference.values:
        raise invalid(_("Choose the kind of difference the debate is about."), "difference")
    chair = chair or acting_user
    _require_chair_candidate(chair)
    if organizations is None:
        organizations = list(Organization.objects.filter(status=Organization.Status.ADMITTED))
    organizations = list(organizations)
    if any(not org.is_admitted for org in organizations):
        raise invalid(_("Only admitted organizations can take part in a debate."), "organizations")
    if len({org.pk for org in organizations}) < 2:
        raise invalid(_("A debate needs at least two participating organizations."), "organizations")
    if word_budget is not None and word_budget < 50:
        raise invalid(_("A word budget, if any, is at least 50 words."), "word_budget")
    _clean_deadline(phase_deadline)
    now = timezone.now()
    with transaction.atomic():
        thread = thread_actions.create_thread(
            acting_user=acting_user,
            title=title,
            body=body,
            areas=areas,
            tags=tags,
            visibility=visibility,
            on_behalf_of=on_behalf_of,
            kind=Thread.Kind.DEBATE,
        )
        debate = Debate.objects.create(
            thread=thread,
            motion=motion,
            difference=difference,
            chair=chair,
            phase=Phase.OPENING,
            phase_started_at=now,
            phase_deadline=phase_deadline,
            word_budget=word_budget,
            created_at=now,
            chair_accepted_at=now if people.is_moderator(chair) else None,
        )
        debate.organizations.set(organizations)
        debate._participant_ids = {org.pk for org in organizations}
        if not debate.chair_is_accepted:
            hooks.chair_named.send(debate=debate, actor=acting_user)
        PhaseChange.objects.create(
            debate=debate, actor=acting_user, from_phase=Phase.OPENING, to_phase=Phase.OPENING,
            deadline=phase_deadline, reason="", created_at=now,
        )
    return debate


def move_phase(
    *, acting_user, debate: Debate, to_phase: str, reason: str = "", deadline=None, expected_phase: str | None = None
) -> Debate:
    """Move to another phase. The next phase needs no reason; going back or skipping ahead does.
    Concluding goes through `conclude`, which freezes the debate. `expected_phase`, the phase the
    person saw: when someone moved the debate meanwhile, a Conflict says so instead of moving it twice."""
    require(can_run(acting_user, debate), _("Only the chair of this debate or a moderator can move its phases."))
    require_open(debate)
    if to_phase not in Phase.values:
        raise invalid(_("Choose a phase."), "phase")
    if to_phase == Phase.CONCLUDED:
        raise invalid(_("To conclude the debate, use “Conclude”: it freezes the summary and the ledger."), "phase")
    reason = _clean_reason(reason)
    _clean_deadline(deadline)
    now = timezone.now()
    with transaction.atomic():
        debate = _locked_debate(debate)
        require_open(debate)
        if expected_phase and expected_phase != debate.phase:
            raise Conflict(
                _("Someone moved this debate to the %(phase)s phase while you were deciding; look again and choose.")
                % {"phase": debate.get_phase_display()},
                "phase",
            )
        step = Debate.phase_index(to_phase) - Debate.phase_index(debate.phase)
        if step == 0:
            # Same phase: only the deadline changes.
            debate.phase_deadline = deadline
            debate.save(update_fields=["phase_deadline"])
        else:
            if step != 1 and not reason:
                raise invalid(
                    _("Moving a debate backwards or skipping a phase needs a reason; it is shown in the debate's log."),
                    "reason",
                )
            PhaseChange.objects.create(
                debate=debate, actor=acting_user, from_phase=debate.phase, to_phase=to_phase,
                reason=reason, deadline=deadline, created_at=now,
            )
            debate.phase = to_phase
            debate.phase_started_at = now
            debate.phase_deadline = deadline
            debate.save(update_fields=["phase", "phase_started_at", "phase_deadline"])
        publish_section(debate, "debate.phase", "phase", {"phase": debate.phase})
        hooks.phase_changed.send(debate=debate, actor=acting_user, changed=step != 0)  # notices to its watchers
    return debate


def publish_position(*, acting_user, debate: Debate, organization: Organization, stance: str, statement: str) -> Position:
    """Publish or revise an organization's position on the motion; every version is kept."""
    _require_voice(acting_user, debate, organization, _("publish a position"))
    require_open(debate)
    if stance not in PositionStance.values:
        raise invalid(_("Choose the organization's position on the motion."), "stance")
    statement = clean_text(
        statement, field="statement", maximum=STATEMENT_MAX,
        empty_message=_("A position needs a statement explaining it."),
    )
    now = timezone.now()
    with transaction.atomic():
        debate = _locked_debate(debate)
        require_open(debate)
        html = render_markdown(statement)
        position = Position.objects.select_for_update().filter(debate=debate, organization=organization).first()
        if position is None:
            position = Position.objects.create(
                debate=debate, organization=organization, stance=stance, statement_source=statement,
                statement_html=html, updated_by=acting_user, created_at=now, updated_at=now,
            )
        elif position.stance == stance and position.statement_source == statement:
            return position
        else:
            position.stance = stance
            position.statement_source = statement
            position.statement_html = html
            position.updated_by = acting_user
            position.updated_at = now
            position.revision_count += 1
            position.save()
        PositionRevision.objects.create(
            position=position, number=position.revision_count, stance=stance, statement_source=statement,
            statement_html=html, phase=debate.phase, author=acting_user, created_at=now,
        )
        publish_section(debate, "debate.position", "positions", {"organization": organization.pk, "stance": stance})
        hooks.position_published.send(position=position, actor=acting_user)  # to those following the org or debate
        if position.revision_count > 1:
            hooks.position_revised.send(position=position, actor=acting_user)  # translations now outdated
    return position


def clean_point_text(text: str) -> str:
    text = normalize_persian(" ".join((text or "").split()))
    if len(text) < POINT_MIN:
        raise invalid(_("Write the point: one short proposition."), "text")
    if len(text) > POINT_MAX:
        raise invalid(
            _("A ledger point is one short proposition: at most %(limit)d characters (this one has %(length)d).")
            % {"limit": POINT_MAX, "length": len(text)},
            "text",
        )
    return text


def propose_point(*, acting_user, debate: Debate, text: str) -> LedgerPoint:
    """Propose a short point for the ledger; the chair accepts, merges or rejects it."""
    require(
        takes_part(acting_user, debate),
        _("Only members of the participating organizations, the chair and moderators can propose ledger points."),
    )
    require_open(debate)
    text = clean_point_text(text)
    with transaction.atomic():
        debate = _locked_debate(debate)
        require_open(debate)
        number = (debate.points.aggregate(n=Max("number"))["n"] or 0) + 1
        point = LedgerPoint.objects.create(debate=debate, number=number, text=text, proposed_by=acting_user)
        publish_section(debate, "debate.point", "ledger", {"point": point.pk, "status": point.status})
    return point


def reword_point(*, acting_user, point: LedgerPoint, text: str) -> LedgerPoint:
    """Correct a point's wording: its proposer or the chair (or a moderator), only while no
    organization has recorded a stance on it and no reply has quoted it, so an edit never changes
    what anyone answered. Every wording is kept; translations of an earlier one go outdated and
    their translators are told (the `point_reworded` hook). The same text again changes nothing."""
    point = LedgerPoint.objects.select_related("debate__thread").get(pk=point.pk)
    debate = point.debate
    require(
        may_reword_point(acting_user, debate, point),
        _("Only the point's proposer or the chair of this debate can correct its wording, while the debate is open "
          "and the point is neither merged nor rejected."),
    )
    text = clean_point_text(text)
    now = timezone.now()
    with transaction.atomic():
        debate = _locked_debate(debate)
        require_open(debate)
        point = LedgerPoint.objects.select_for_update(of=("self",)).select_related("debate__thread").get(pk=point.pk)
        require(
            not point_is_answered(point),
            _("An organization or a reply has already answered this point, so its wording stays as they read it. "
              "Propose a new point instead."),
        )
        if point.text == text:
            return point
        if point.revision_count == 1 and not point.revisions.exists():  # keep the first wording too
            LedgerPointRevision.objects.create(
                point=point, number=1, text=point.text, author_id=point.proposed_by_id, created_at=point.created_at,
            )
        point.text = text
        point.revision_count += 1
        point.save(update_fields=["text", "revision_count"])
        LedgerPointRevision.objects.create(
            point=point, number=point.revision_count, text=text, author=acting_user, created_at=now,
        )
        publish_section(debate, "debate.point", "ledger", {"point": point.pk, "status": point.status})
        hooks.point_reworded.send(point=point, actor=acting_user)  # translations of the earlier wording outdated
    return point


def decide_point(
    *, acting_user, point: LedgerPoint, decision: str, merge_into: LedgerPoint | None = None, note: str = ""
) -> LedgerPoint:
    """Accept, merge (into another accepted point) or reject a proposed point.
    An accepted point may later be merged or rejected; a merged or rejected one stays decided."""
    debate = point.debate
    require(can_run(acting_user, debate), _("Only the chair of this debate or a moderator can decide on ledger points."))
    require_open(debate)
    note = _clean_reason(note)
    if decision not in (LedgerPoint.Status.ACCEPTED, LedgerPoint.Status.MERGED, LedgerPoint.Status.REJECTED):
        raise invalid(_("Choose: accept, merge or reject."), "decision")
    with transaction.atomic():
        debate = _locked_debate(debate)
        require_open(debate)
        point = LedgerPoint.objects.select_for_update().get(pk=point.pk)
        if point.status in (LedgerPoint.Status.MERGED, LedgerPoint.Status.REJECTED):
            raise invalid(_("This point has already been %(status)s.") % {"status": point.get_status_display()}, "decision")
        if point.status == decision:
            return point
        if decision == LedgerPoint.Status.MERGED:
            if merge_into is None:
                raise invalid(_("Choose the point to merge it into."), "merge_into")
            if merge_into.pk == point.pk or merge_into.debate_id != point.debate_id:
                raise invalid(_("A point can only be merged into another point of the same debate."), "merge_into")
            if merge_into.status != LedgerPoint.Status.ACCEPTED:
                raise invalid(_("A point can only be merged into an accepted point."), "merge_into")
            point.merged_into = merge_into
        point.status = decision
        point.decided_by = acting_user
        point.decided_at = timezone.now()
        point.decision_note = note
        point.save(update_fields=["status", "merged_into", "decided_by", "decided_at", "decision_note"])
        publish_section(debate, "debate.point", "ledger", {"point": point.pk, "status": point.status})
    return point


def given_on(text_language: str, original: str) -> str:
    """The language of the text a stance or verdict was given on: the one the page showed the
    representative (the original, or its translation into their language), else the original's."""
    if text_language in dict(settings.LANGUAGES):
        return text_language
    return guess_language(original or "") or "fa"


def record_stance(
    *, acting_user, point: LedgerPoint, organization: Organization, value: str, reason: str = "",
    text_language: str = "",
) -> Stance:
    """Record or change an organization's stance on an accepted point; the history is kept.
    `text_language` names the language of the point's text it was taken on (issue 20: a
    translation never changes what was agreed to; the record says which text was read)."""
    point = LedgerPoint.objects.select_related("debate__thread", "merged_into").get(pk=point.pk)
    debate = point.debate
    _require_voice(acting_user, debate, organization, _("record a stance"))
    require_open(debate)
    if point.status == LedgerPoint.Status.MERGED:
        raise ActionRefused(
            _("This point was merged into point %(n)d; record the stance there.") % {"n": point.merged_into.number}
        )
    if point.status == LedgerPoint.Status.REJECTED:
        raise ActionRefused(_("The chair rejected this point, so it takes no stances."))
    if point.status != LedgerPoint.Status.ACCEPTED:
        raise ActionRefused(_("This point is still a proposal; stances are recorded once the chair accepts it."))
    if value not in StanceValue.values:
        raise invalid(_("Choose agree, disagree, reservation or abstain."), "value")
    reason = _clean_reason(reason)
    now = timezone.now()
    with transaction.atomic():
        debate = _locked_debate(debate)
        require_open(debate)
        language = given_on(text_language, point.text)
        stance = Stance.objects.select_for_update().filter(point=point, organization=organization).first()
        if stance is None:
            stance = Stance.objects.create(
                point=point, organization=organization, value=value, reason=reason, text_language=language,
                updated_by=acting_user, updated_at=now,
            )
        elif stance.value == value and stance.reason == reason:
            return stance
        else:
            stance.value = value
            stance.reason = reason
            stance.text_language = language
            stance.updated_by = acting_user
            stance.updated_at = now
            stance.revision_count += 1
            stance.save()
        StanceRevision.objects.create(stance=stance, value=value, reason=reason, author=acting_user, created_at=now)
        publish_section(debate, "debate.stance", "ledger", {"point": point.pk, "organization": organization.pk, "value": value})
    return stance


def draft_summary(*, acting_user, debate: Debate, text: str) -> Summary:
    """Write or revise the summing-up (جمع‌بندی); in the summing-up phase only."""
    require(can_run(acting_user, debate), _("Only the chair of this debate or a moderator can write its summary."))
    require_open(debate)
    require(
        debate.phase == Phase.SUMMING_UP,
        _("The summary is drafted in the summing-up phase; move the debate there first."),
    )
    text = clean_text(text, field="text", maximum=SUMMARY_MAX, empty_message=_("Write the summary before saving it."))
    now = timezone.now()
    with transaction.atomic():
        debate = _locked_debate(debate)
        require_open(debate)
        html = render_markdown(text)
        summary = Summary.objects.select_for_update().filter(debate=debate).first()
        if summary is None:
            summary = Summary.objects.create(
                debate=debate, text_source=text, text_html=html, updated_by=acting_user, updated_at=now
            )
        elif summary.text_source == text:
            return summary
        else:
            summary.text_source = text
            summary.text_html = html
            summary.updated_by = acting_user
            summary.updated_at = now
            summary.revision_count += 1
            summary.save()
        SummaryRevision.objects.create(
            summary=summary, number=summary.revision_count, text_source=text, text_html=html,
            author=acting_user, created_at=now,
        )
        publish_section(debate, "debate.summary", "summary", {"revision": summary.revision_count})
        hooks.summary_drafted.send(summary=summary, actor=acting_user)  # translations of earlier drafts outdated
    return summary


def endorse_summary(
    *, acting_user, debate: Debate, organization: Organization, verdict: str, reason: str = "",
    text_language: str = "",
) -> Endorsement:
    """An organization endorses the current draft of the summary, or dissents with a reason.
    `text_language` names the language of the summary text it was given on (the original's, or
    the translation the representative was shown): a translation never changes what was endorsed."""
    _require_voice(acting_user, debate, organization, _("endorse or dissent from the summary"))
    require_open(debate)
    require(debate.phase == Phase.SUMMING_UP, _("Summaries are endorsed in the summing-up phase."))
    require_before_deadline(debate)
    if verdict not in Endorsement.Verdict.values:
        raise invalid(_("Choose: endorse or dissent."), "verdict")
    reason = normalize_persian((reason or "").strip())
    if verdict == Endorsement.Verdict.DISSENT and not reason:
        raise invalid(_("A dissent needs a reason; it is shown beside the summary."), "reason")
    if len(reason) > 2000:
        raise invalid(_("The reason is too long; at most %(limit)d characters.") % {"limit": 2000}, "reason")
    now = timezone.now()
    with transaction.atomic():
        debate = _locked_debate(debate)
        require_open(debate)
        summary = Summary.objects.filter(debate=debate).first()
        require(summary is not None, _("There is no summary to endorse yet; the chair drafts it first."))
        endorsement, _created = Endorsement.objects.update_or_create(
            debate=debate,
            organization=organization,
            defaults={
                "verdict": verdict, "reason": reason, "summary_revision": summary.revision_count,
                "text_language": given_on(text_language, summary.text_source),
                "by": acting_user, "updated_at": now,
            },
        )
        publish_section(debate, "debate.summary", "summary", {"organization": organization.pk, "verdict": verdict})
    return endorsement


def conclude(*, acting_user, debate: Debate) -> Debate:
    """Conclude the debate: freeze the summary, endorsements, positions and ledger; lock the thread."""
    require(can_run(acting_user, debate), _("Only the chair of this debate or a moderator can conclude it."))
    require_open(debate)
    require(
        debate.phase == Phase.SUMMING_UP,
        _("A debate concludes from the summing-up phase, with a summary; move it there first."),
    )
    now = timezone.now()
    with transaction.atomic():
        debate = _locked_debate(debate)
        require_open(debate)
        require(Summary.objects.filter(debate=debate).exists(), _("Write the summary before concluding the debate."))
        DebateRecord.objects.create(
            debate=debate, concluded_by=acting_user, created_at=now, data=debate_queries.snapshot(debate)
        )
        PhaseChange.objects.create(
            debate=debate, actor=acting_user, from_phase=debate.phase, to_phase=Phase.CONCLUDED, created_at=now
        )
        debate.phase = Phase.CONCLUDED
        debate.phase_started_at = now
        debate.phase_deadline = None
        debate.concluded_at = now
        debate.save(update_fields=["phase", "phase_started_at", "phase_deadline", "concluded_at"])
        Thread.objects.filter(pk=debate.thread_id).update(is_locked=True)
        debate.thread.is_locked = True
        publish_section(debate, "debate.phase", "phase", {"phase": debate.phase})
        hooks.phase_changed.send(debate=debate, actor=acting_user, changed=True)  # notices to its watchers
        hooks.debate_concluded.send(debate=debate, actor=acting_user)  # its record, made after the commit
    return debate


def reopen(*, acting_user, debate: Debate, reason: str, to_phase: str = Phase.SUMMING_UP) -> Debate:
    """An admin reopens a concluded debate (logged, with the reason); the frozen record stays."""
    require(people.is_admin(acting_user), _("Only an admin can reopen a concluded debate."))
    require(debate.is_concluded, _("This debate is not concluded."))
    reason = _clean_reason(reason)
    if not reason:
        raise invalid(_("Reopening a concluded debate needs a reason; it is shown in the debate's log."), "reason")
    if to_phase not in Phase.values or to_phase == Phase.CONCLUDED:
        raise invalid(_("Choose a phase."), "phase")
    now = timezone.now()
    with transaction.atomic():
        debate = _locked_debate(debate)
        require(debate.is_concluded, _("This debate is not concluded."))
        PhaseChange.objects.create(
            debate=debate, actor=acting_user, from_phase=Phase.CONCLUDED, to_phase=to_phase, reason=reason,
            is_reopening=True, created_at=now,
        )
        debate.phase = to_phase
        debate.phase_started_at = now
        debate.concluded_at = None
        debate.save(update_fields=["phase", "phase_started_at", "concluded_at"])
        Thread.objects.filter(pk=debate.thread_id).update(is_locked=False)
        debate.thread.is_locked = False
        publish_section(debate, "debate.phase", "phase", {"phase": debate.phase})
        hooks.phase_changed.send(debate=debate, actor=acting_user, changed=True)  # notices to its watchers
    return debate


# --- the chair --------------------------------------------------------------------------------------


def _require_chair_candidate(chair) -> None:
    require(
        chair is not None and chair.is_active and (people.is_moderator(chair) or people.is_member(chair)),
        _("The chair must be a moderator or a member of one of the coalition's organizations."),
    )


def answer_chair(
    *, acting_user, debate: Debate, organization: Organization, verdict: str, reason: str = ""
) -> ChairAnswer:
    """A participating organization accepts the person named to chair, or objects with a reason.
    When every participating organization has accepted, the chair starts running the debate."""
    _require_voice(acting_user, debate, organization, _("answer about the chair"))
    require_open(debate)
    require(not debate.chair_is_accepted, _("The chair of this debate has already been accepted."))
    if verdict not in ChairAnswer.Verdict.values:
        raise invalid(_("Choose: accept or object."), "verdict")
    reason = _clean_reason(reason)
    if verdict == ChairAnswer.Verdict.OBJECT and not reason:
        raise invalid(_("An objection needs a reason; the chair and the moderators read it."), "reason")
    now = timezone.now()
    with transaction.atomic():
        debate = _locked_debate(debate)
        require_open(debate)
        require(not debate.chair_is_accepted, _("The chair of this debate has already been accepted."))
        answer, _created = ChairAnswer.objects.update_or_create(
            debate=debate, chair_id=debate.chair_id, organization=organization,
            defaults={"verdict": verdict, "reason": reason, "by": acting_user, "updated_at": now},
        )
        accepted = {
            org_id for org_id, a in chair_answers(debate).items() if a.verdict == ChairAnswer.Verdict.ACCEPT
        }
        if participant_ids(debate) <= accepted:
            debate.chair_accepted_at = now
            debate.save(update_fields=["chair_accepted_at"])
            hooks.chair_accepted.send(debate=debate, actor=acting_user)
        publish_section(debate, "debate.chair", "phase", {"verdict": verdict, "organization": organization.pk})
    return answer


def name_chair(*, acting_user, debate: Debate, chair, reason: str = "") -> Debate:
    """A moderator names another chair (logged with the reason). A moderator chairs at once;
    anyone else waits for the participating organizations to accept them."""
    require(people.is_moderator(acting_user), _("Only a moderator can name another chair."))
    require_open(debate)
    _require_chair_candidate(chair)
    reason = _clean_reason(reason)
    if chair.pk == debate.chair_id:
        raise invalid(_("This person already chairs the debate."), "chair")
    if debate.chair_is_accepted and not reason:
        raise invalid(_("Replacing a chair the organizations accepted needs a reason; it is shown in the debate's log."), "reason")
    now = timezone.now()
    with transaction.atomic():
        debate = _locked_debate(debate)
        require_open(debate)
        ChairChange.objects.create(
            debate=debate, actor=acting_user, from_chair_id=debate.chair_id, to_chair=chair, reason=reason,
            created_at=now,
        )
        debate.chair = chair
        debate.chair_accepted_at = now if people.is_moderator(chair) else None
        debate.save(update_fields=["chair", "chair_accepted_at"])
        if not debate.chair_is_accepted:
            hooks.chair_named.send(debate=debate, actor=acting_user)
        publish_section(debate, "debate.chair", "phase", {"chair": chair.pk})
    return debate
