"""What debate pages show, in a fixed number of queries however many points and organizations.

Common ground and differences (design.md, Ledger): for each accepted point, the organizations that
recorded a stance. A point with any disagreement is a *difference*; a point on which every
organization that took a side agrees is *common ground* (an abstention takes no side, so it neither
makes nor breaks common ground); the rest (reservations, or nothing recorded yet) is *unsettled*.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from django.db.models import Count, Q
from django.http import Http404

from accounts import access as people
from accounts.models import Organization
from forum.text import sorted_by_name
from threads.core import access
from threads.core.models import Agreement, Post, Thread
from threads.debates import hooks, rules
from threads.debates.models import (
    ChairChange,
    Debate,
    Endorsement,
    LedgerPoint,
    LedgerPointRevision,
    PhaseChange,
    Position,
    PositionRevision,
    Stance,
    StanceValue,
    Summary,
)

COMMON = "common"
DIFFERENCE = "difference"
UNSETTLED = "unsettled"

SYMBOLS = {
    StanceValue.AGREE: "✓",
    StanceValue.DISAGREE: "✗",
    StanceValue.RESERVATION: "≈",
    StanceValue.ABSTAIN: "○",
}


def classify(values) -> str:
    values = list(values)
    if StanceValue.DISAGREE in values:
        return DIFFERENCE
    sided = [v for v in values if v != StanceValue.ABSTAIN]
    if sided and all(v == StanceValue.AGREE for v in sided):
        return COMMON
    return UNSETTLED


@dataclass
class Cell:
    organization: Organization
    stance: Stance | None

    @property
    def symbol(self) -> str:
        return SYMBOLS.get(self.stance.value, "") if self.stance else "–"

    @property
    def value(self) -> str:
        return self.stance.value if self.stance else "none"


@dataclass
class Row:
    point: LedgerPoint
    cells: list[Cell]
    group: str
    counts: dict = field(default_factory=dict)


@dataclass
class Matrix:
    organizations: list[Organization]
    rows: list[Row]

    @property
    def common(self) -> list[Row]:
        return [r for r in self.rows if r.group == COMMON]

    @property
    def differences(self) -> list[Row]:
        return [r for r in self.rows if r.group == DIFFERENCE]

    @property
    def unsettled(self) -> list[Row]:
        return [r for r in self.rows if r.group == UNSETTLED]


def build_matrix(organizations: list[Organization], points: list[LedgerPoint], stances: list[Stance]) -> Matrix:
    """The organizations × accepted points matrix from rows already fetched (no queries)."""
    by_cell = {(s.point_id, s.organization_id): s for s in stances}
    rows = []
    for point in points:
        if point.status != LedgerPoint.Status.ACCEPTED:
            continue
        cells = [Cell(org, by_cell.get((point.pk, org.pk))) for org in organizations]
        values = [c.stance.value for c in cells if c.stance]
        counts = {v: values.count(v) for v in StanceValue.values}
        rows.append(Row(point=point, cells=cells, group=classify(values), counts=counts))
    return Matrix(organizations=organizations, rows=rows)


def debate_for_thread(thread: Thread) -> Debate:
    debate = Debate.objects.select_related("chair", "thread").filter(thread=thread).first()
    if debate is None:
        raise Http404
    return debate


def debate_context(user, thread: Thread, *, audience: str | None = None, debate: Debate | None = None) -> dict:
    """Everything the debate panel shows, in 11 queries (+1 with a word budget, +1 while the chair
    waits to be accepted): debate+chair, organizations, positions+authors, points+proposers,
    stances, replies answering each point, summary, the texts' translations (texts_shown hook),
    endorsements, phase log, chair changes
    (+ words used in this phase, + the organizations' answers about the chair)."""
    if debate is None:
        debate = debate_for_thread(thread)
    debate.thread = thread
    organizations = sorted_by_name(list(debate.organizations.all()))
    debate._participant_ids = {o.pk for o in organizations}
    org_by_id = {o.pk: o for o in organizations}

    positions = list(Position.objects.filter(debate=debate).select_related("updated_by"))
    position_by_org = {p.organization_id: p for p in positions}
    for p in positions:
        p.organization = org_by_id.get(p.organization_id) or p.organization
    position_columns = [{"organization": o, "position": position_by_org.get(o.pk)} for o in organizations]

    points = list(LedgerPoint.objects.filter(debate=debate).select_related("proposed_by").order_by("number"))
    point_by_id = {p.pk: p for p in points}
    for p in points:
        if p.merged_into_id:
            p.merged_into = point_by_id.get(p.merged_into_id)
    stances = list(Stance.objects.filter(point__debate=debate))
    matrix = build_matrix(organizations, points, stances)
    replies_by_point = point_answer_counts(debate)
    for p in points:
        p.answers = replies_by_point.get(p.pk)

    summary = Summary.objects.filter(debate=debate).select_related("updated_by").first()
    hooks.texts_shown.send(texts=[*positions, *points, *([summary] if summary else [])])  # their translations
    endorsements = list(Endorsement.objects.filter(debate=debate).select_related("by"))
    endorsement_by_org = {e.organization_id: e for e in endorsements}
    endorsement_rows = []
    for org in organizations:
        e = endorsement_by_org.get(org.pk)
        if e is not None:
            e.organization = org
            e.is_current = summary is not None and e.summary_revision == summary.revision_count
        endorsement_rows.append({"organization": org, "endorsement": e})
    phase_log = list(PhaseChange.objects.filter(debate=debate).select_related("actor").order_by("created_at", "pk"))
    chair_changes = list(
        ChairChange.objects.filter(debate=debate).select_related("actor", "from_chair", "to_chair").order_by("created_at", "pk")
    )
    chair_rows = []
    if not debate.chair_is_accepted:  # who has accepted the named chair, who objects, who has not answered
        chair_answers = rules.chair_answers(debate)
        chair_rows = [{"organization": o, "answer": chair_answers.get(o.pk)} for o in organizations]

    budget_rows = []
    if debate.word_budget and not debate.is_concluded:  # a concluded debate has nothing left to spend
        used = rules.words_used(debate)
        budget_rows = [
            {"organization": o, "used": used.get(o.pk, 0), "left": max(0, debate.word_budget - used.get(o.pk, 0))}
            for o in organizations
        ]

    viewer = {}
    answered = {s.point_id for s in stances} | set(replies_by_point)
    if audience is None:
        audience = people.audience_of(user)
        voices = rules.voices(user, debate)
        can_run = rules.can_run(user, debate)
        is_open = not debate.is_concluded
        viewer = {
            "voices": voices,
            "can_run": can_run and is_open,
            "can_speak": bool(voices) and is_open,
            "can_propose": is_open and rules.takes_part(user, debate),
            "can_reopen": debate.is_concluded and people.is_admin(user),
            "can_answer_chair": bool(voices) and is_open and not debate.chair_is_accepted,
            "can_name_chair": is_open and people.is_moderator(user),
            "is_waiting_chair": is_open and user.pk == debate.chair_id and not debate.chair_is_accepted,
            # points whose wording this person may still correct (no stance, no visible reply: no query)
            "rewordable_points": [
                p for p in points
                if p.pk not in answered and rules.may_reword_point(user, debate, p)
            ],
        }
    return {
        "debate": debate,
        "thread": thread,
        "organizations": organizations,
        "position_columns": position_columns,
        "points": points,
        "proposed_points": [p for p in points if p.status == LedgerPoint.Status.PROPOSED],
        "set_aside_points": [p for p in points if p.status in (LedgerPoint.Status.MERGED, LedgerPoint.Status.REJECTED)],
        "matrix": matrix,
        "summary": summary,
        "endorsement_rows": endorsement_rows,
        "phase_log": phase_log,
        "chair_changes": chair_changes,
        "chair_rows": chair_rows,
        "quotables": quotables(points, position_columns) if not debate.is_concluded else [],
        "phases": Debate.PHASE_ORDER,
        "phase_index": Debate.phase_index(debate.phase),
        "budget_rows": budget_rows,
        "audience": audience,
        "viewer": viewer,
    }


def point_answer_counts(debate: Debate) -> dict[int, dict]:
    """For each point, how many visible replies answer it, and how many of them agree or disagree."""
    rows = (
        Post.objects.filter(thread_id=debate.thread_id, state=Post.State.VISIBLE, quoted_point__isnull=False)
        .values("quoted_point")
        .annotate(
            total=Count("pk"),
            agree=Count("pk", filter=Q(agreement=Agreement.AGREE)),
            disagree=Count("pk", filter=Q(agreement=Agreement.DISAGREE)),
        )
    )
    return {row["quoted_point"]: row for row in rows}


def point_wordings(point: LedgerPoint) -> list[LedgerPointRevision]:
    """Its wordings before the current one, newest first: one query, and none for a point never
    reworded."""
    if point.revision_count <= 1:
        return []
    return list(
        LedgerPointRevision.objects.filter(point=point, number__lt=point.revision_count)
        .select_related("author").order_by("-number")
    )


def point_replies(user, point: LedgerPoint) -> list[Post]:
    """The replies that answer one ledger point, as this reader may see them, oldest first."""
    return list(
        Post.objects.filter(thread_id=point.debate.thread_id, quoted_point=point)
        .filter(access.visible_posts_filter(user))
        .select_related("author", "on_behalf_of")
        .order_by("created_at", "pk")
    )


def quotables(points, position_columns) -> list[tuple[str, object]]:
    """What a reply in the debate may answer, keyed as the reply form posts it: the points still
    debated (proposed or accepted) and the published positions; from rows already fetched."""
    items = [
        (f"point-{p.pk}", p)
        for p in points
        if p.status in (LedgerPoint.Status.PROPOSED, LedgerPoint.Status.ACCEPTED)
    ]
    items += [(f"position-{c['position'].pk}", c["position"]) for c in position_columns if c["position"]]
    return items


def quotables_for(thread: Thread) -> list[tuple[str, object]]:
    """The same, for the reply form of a debate thread when the panel is not being rendered."""
    debate = Debate.objects.filter(thread=thread).first()
    if debate is None or debate.is_concluded:
        return []
    points = list(LedgerPoint.objects.filter(debate=debate).order_by("number"))
    positions = list(Position.objects.filter(debate=debate).select_related("organization"))
    positions = sorted_by_name(positions, name=lambda p: p.organization.name)
    hooks.texts_shown.send(texts=points)  # the form labels points in the reader's language
    return quotables(points, [{"organization": p.organization, "position": p} for p in positions])


def snapshot(debate: Debate) -> dict:
    """The frozen record of a concluded debate, with names in both languages."""
    organizations = list(debate.organizations.order_by("pk"))
    points = list(LedgerPoint.objects.filter(debate=debate).order_by("number"))
    stances = list(Stance.objects.filter(point__debate=debate))
    matrix = build_matrix(organizations, points, stances)
    summary = Summary.objects.filter(debate=debate).first()

    def names(org):
        return {"id": org.pk, "slug": org.slug, "name_fa": org.name_fa, "name_en": org.name_en}

    return {
        "motion": debate.motion,
        "organizations": [names(o) for o in organizations],
        "positions": [
            {"organization": p.organization_id, "stance": p.stance, "statement_html": p.statement_html,
             "revision": p.revision_count}
            for p in Position.objects.filter(debate=debate).order_by("organization_id")
        ],
        "points": [
            {
                "number": r.point.number,
                "text": r.point.text,
                "group": r.group,
                "stances": {str(c.organization.pk): {"value": c.stance.value, "reason": c.stance.reason,
                                                     "given_on": c.stance.text_language}
                            for c in r.cells if c.stance},
            }
            for r in matrix.rows
        ],
        "set_aside": [
            {"number": p.number, "text": p.text, "status": p.status}
            for p in points if p.status in (LedgerPoint.Status.MERGED, LedgerPoint.Status.REJECTED)
        ],
        "summary": {"html": summary.text_html, "revision": summary.revision_count} if summary else None,
        "endorsements": [
            {"organization": e.organization_id, "verdict": e.verdict, "reason": e.reason,
             "revision": e.summary_revision, "given_on": e.text_language}
            for e in Endorsement.objects.filter(debate=debate).order_by("organization_id")
        ],
    }


def position_history(position: Position) -> list[PositionRevision]:
    return list(position.revisions.select_related("author").order_by("-number"))


# --- across debates -------------------------------------------------------------------------


def readable_debates(user):
    return Debate.objects.filter(thread__in=access.readable_threads(user))


def area_ledger(user, area) -> list[dict]:
    """Per debate of the area (newest first): its common ground and its differences. 5 queries
    (+1 for the points' translations when there are points)."""
    debates = list(
        readable_debates(user).filter(thread__area_links__tag=area).select_related("thread").order_by("-created_at")
    )
    ids = [d.pk for d in debates]
    organizations = sorted_by_name(list(Organization.objects.filter(debates__in=ids).distinct()))
    participants = defaultdict(set)
    for debate_id, org_id in Debate.organizations.through.objects.filter(debate_id__in=ids).values_list(
        "debate_id", "organization_id"
    ):
        participants[debate_id].add(org_id)
    points = list(LedgerPoint.objects.filter(debate_id__in=ids, status=LedgerPoint.Status.ACCEPTED).order_by("number"))
    stances = list(Stance.objects.filter(point__in=[p.pk for p in points]))
    result = []
    for debate in debates:
        orgs = [o for o in organizations if o.pk in participants[debate.pk]]
        matrix = build_matrix(orgs, [p for p in points if p.debate_id == debate.pk], stances)
        result.append({"debate": debate, "matrix": matrix})
    hooks.texts_shown.send(texts=points)  # their translations, one query
    return result


def _accepted_stance_rows(user):
    return Stance.objects.filter(
        point__status=LedgerPoint.Status.ACCEPTED, point__debate__in=readable_debates(user)
    ).exclude(value=StanceValue.ABSTAIN)


def convergence(user) -> dict:
    """For every pair of organizations: the points both took a side on, and how often they agree.
    2 queries (organizations, stances)."""
    organizations = sorted_by_name(list(Organization.objects.filter(status=Organization.Status.ADMITTED)))
    by_point = defaultdict(dict)
    for point_id, org_id, value in _accepted_stance_rows(user).values_list("point_id", "organization_id", "value"):
        by_point[point_id][org_id] = value
    pairs = {}
    for a, b in combinations(organizations, 2):
        shared = agreed = cruxes = 0
        for values in by_point.values():
            if a.pk in values and b.pk in values:
                shared += 1
                agreed += values[a.pk] == values[b.pk]
                cruxes += {values[a.pk], values[b.pk]} == {StanceValue.AGREE, StanceValue.DISAGREE}
        pairs[(a.pk, b.pk)] = pairs[(b.pk, a.pk)] = {
            "shared": shared,
            "agreed": agreed,
            "cruxes": cruxes,
            "percent": round(100 * agreed / shared) if shared else None,
        }
    rows = [
        {"organization": a, "cells": [{"organization": b, "pair": pairs.get((a.pk, b.pk))} for b in organizations]}
        for a in organizations
    ]
    return {"organizations": organizations, "rows": rows, "pairs": pairs}


def pair_crux(user, first: Organization, second: Organization) -> dict:
    """Two organizations across all debates this person may read: shared points, agreements, and the
    points that separate them (one agrees, the other disagrees). 1 query."""
    stances = list(
        _accepted_stance_rows(user)
        .filter(organization__in=[first, second])
        .select_related("point", "point__debate", "point__debate__thread")
        .order_by("point__debate__created_at", "point__number")
    )
    by_point = defaultdict(dict)
    points = {}
    for s in stances:
        by_point[s.point_id][s.organization_id] = s
        points[s.point_id] = s.point
    agreed, cruxes, other = [], [], []
    for point_id, both in by_point.items():
        if first.pk not in both or second.pk not in both:
            continue
        entry = {"point": points[point_id], "first": both[first.pk], "second": both[second.pk]}
        a, b = both[first.pk].value, both[second.pk].value
        if a == b:
            agreed.append(entry)
        elif {a, b} == {StanceValue.AGREE, StanceValue.DISAGREE}:
            cruxes.append(entry)
        else:
            other.append(entry)
    shared = len(agreed) + len(cruxes) + len(other)
    return {
        "first": first,
        "second": second,
        "agreed": agreed,
        "cruxes": cruxes,
        "other": other,
        "shared": shared,
        "percent": round(100 * len(agreed) / shared) if shared else None,
    }


def organization_positions(user, organization: Organization) -> list[PositionRevision]:
    """Every version of the organization's positions in debates this person may read, oldest first. 1 query."""
    return list(
        PositionRevision.objects.filter(
            position__organization=organization, position__debate__in=readable_debates(user)
        )
        .select_related("position__debate__thread", "author")
        .order_by("created_at", "pk")
    )

