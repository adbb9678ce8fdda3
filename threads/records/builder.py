"""The record as data: one dict per subject and language, the JSON document the other formats are
rendered from (docs/record-schema.json describes it).

Read from the database when the record is generated, right after the debate concludes or the
statement is published: by then nothing of it can change (a concluded debate takes no positions,
stances, points, summary or endorsements until an admin reopens it, and publishing freezes a
statement's texts), so the record is the frozen state. Names and labels are in the record's
language, organizations sorted in that language's alphabetical order; dates are ISO 8601 in UTC
(the renderers show them in the reader's calendar).
"""

import datetime
import hashlib
import json

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from forum.text import sorted_by_name
from threads.debates.queries import COMMON, DIFFERENCE, UNSETTLED, build_matrix
from threads.debates.models import (
    Debate,
    DebateRecord,
    Endorsement,
    LedgerPoint,
    PhaseChange,
    Position,
    PositionStance,
    Stance,
    StanceValue,
    Summary,
)
from threads.joint.models import Statement, StatementInvitation, StatementResponse, StatementRevision, TextLanguage
from threads.joint.statement_queries import statement_texts

SCHEMA_VERSION = "1.1"  # 1.1: endorsements and stances name the text they were given on (given_on)
SCHEMA_ID = "urn:hamgami:record:1.0"  # docs/record-schema.json
LANGUAGES = ("fa", "en")
FORMATS = ("pdf", "md", "json")


def iso(value: datetime.datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


def absolute(path: str) -> str:
    return f"{getattr(settings, 'SITE_URL', '').rstrip('/')}{path}"


def record_urls(kind: str, pk: int, language: str) -> dict:
    name = "debate_record" if kind == "debate" else "statement_record"
    return {fmt: absolute(f"{reverse(name, args=[pk, fmt])}?lang={language}") for fmt in FORMATS}


def record_hash(data: dict) -> str:
    """sha256 of the record's canonical JSON (keys sorted, no spaces, UTF-8) without its `hash`."""
    body = {k: v for k, v in data.items() if k != "hash"}
    canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()


def _org(org) -> dict:
    return {"id": org.pk, "slug": org.slug, "name": org.name, "name_fa": org.name_fa, "name_en": org.name_en}


def _choice(choices, value) -> dict | None:
    if value is None:
        return None
    return {"code": str(value), "label": str(choices(value).label)}


def _areas(areas) -> list[dict]:
    return [{"number": a.number, "name": a.short, "full_name": a.full} for a in sorted(areas, key=lambda a: a.number)]


def _seal(data: dict) -> dict:
    data["hash"] = record_hash(data)
    return data


# --- a concluded debate -------------------------------------------------------------------------------


def _phases(debate: Debate, changes: list[PhaseChange]) -> list[dict]:
    """Each phase the debate went through, in order, with when it started and ended and who moved
    it on; a reopening starts a phase again."""
    spans = [{"phase": Debate.Phase.OPENING, "started_at": debate.created_at, "deadline": None,
              "moved_by": None, "reopening": False, "reason": ""}]
    for change in changes:
        if change.to_phase == spans[-1]["phase"] and not change.is_reopening:  # the debate's start, logged
            spans[-1].update(started_at=change.created_at, deadline=change.deadline, moved_by=change.actor.public_name)
            continue
        spans[-1]["ended_at"] = change.created_at
        spans.append({"phase": change.to_phase, "started_at": change.created_at, "deadline": change.deadline,
                      "moved_by": change.actor.public_name, "reopening": change.is_reopening, "reason": change.reason})
    return [
        {
            "phase": _choice(Debate.Phase, s["phase"]),
            "started_at": iso(s["started_at"]),
            "ended_at": iso(s.get("ended_at")),
            "deadline": iso(s["deadline"]),
            "moved_by": s["moved_by"],
            "reopening": s["reopening"],
            "reason": s["reason"],
        }
        for s in spans
    ]


def build_debate(debate: Debate, language: str, *, generation: int = 1, generated_at=None, superseded=()) -> dict:
    """The record of a concluded debate in `language` ("fa" or "en")."""
    with translation.override(language):
        return _build_debate(debate, language, generation, generated_at or timezone.now(), superseded)


def _build_debate(debate, language, generation, generated_at, superseded) -> dict:
    thread = debate.thread
    organizations = sorted_by_name(list(debate.organizations.all()), language=language)
    positions = {p.organization_id: p for p in Position.objects.filter(debate=debate)}
    points = list(LedgerPoint.objects.filter(debate=debate).order_by("number"))
    stances = list(Stance.objects.filter(point__debate=debate))
    matrix = build_matrix(organizations, points, stances)
    summary = Summary.objects.filter(debate=debate).select_related("updated_by").first()
    endorsements = {e.organization_id: e for e in Endorsement.objects.filter(debate=debate).select_related("by")}
    changes = list(PhaseChange.objects.filter(debate=debate).select_related("actor").order_by("created_at", "pk"))
    frozen = DebateRecord.objects.filter(debate=debate).select_related("concluded_by").first()

    def point(row) -> dict:
        return {
            "number": row.point.number,
            "text": row.point.text,
            "stances": [
                {
                    "organization": _org(cell.organization),
                    "stance": _choice(StanceValue, cell.stance.value) if cell.stance else None,
                    "reason": cell.stance.reason if cell.stance else "",
                    "given_on": (cell.stance.text_language or None) if cell.stance else None,
                }
                for cell in row.cells
            ],
        }

    data = {
        "schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "kind": "debate",
        "id": thread.pk,
        "language": language,
        "generation": generation,
        "generated_at": iso(generated_at),
        "urls": {"page": absolute(reverse("debate_detail", args=[thread.pk])), **record_urls("debate", thread.pk, language)},
        "coalition": _("Hamgami"),
        "title": thread.title,
        "visibility": thread.visibility,
        "areas": _areas(thread.areas.all()),
        "motion": debate.motion,
        "difference": _choice(Debate.Difference, debate.difference),
        "chair": debate.chair.public_name,
        "participants": [_org(o) for o in organizations],
        "started_at": iso(debate.created_at),
        "concluded_at": iso(debate.concluded_at),
        "concluded_by": frozen.concluded_by.public_name if frozen else None,
        "phases": _phases(debate, changes),
        "positions": [
            {
                "organization": _org(org),
                "stance": _choice(PositionStance, positions[org.pk].stance) if org.pk in positions else None,
                "statement_markdown": positions[org.pk].statement_source if org.pk in positions else "",
                "statement_html": positions[org.pk].statement_html if org.pk in positions else "",
                "revision": positions[org.pk].revision_count if org.pk in positions else 0,
                "updated_at": iso(positions[org.pk].updated_at) if org.pk in positions else None,
            }
            for org in organizations
        ],
        "ledger": {
            "common_ground": [point(r) for r in matrix.rows if r.group == COMMON],
            "differences": [point(r) for r in matrix.rows if r.group == DIFFERENCE],
            "unsettled": [point(r) for r in matrix.rows if r.group == UNSETTLED],
            "set_aside": [
                {"number": p.number, "text": p.text, "status": _choice(LedgerPoint.Status, p.status)}
                for p in points if p.status in (LedgerPoint.Status.MERGED, LedgerPoint.Status.REJECTED)
            ],
        },
        "summary": {
            "markdown": summary.text_source if summary else "",
            "html": summary.text_html if summary else "",
            "revision": summary.revision_count if summary else 0,
            "written_by": summary.updated_by.public_name if summary else None,
            "updated_at": iso(summary.updated_at) if summary else None,
        },
        "endorsements": [
            {
                "organization": _org(org),
                "verdict": _choice(Endorsement.Verdict, endorsements[org.pk].verdict) if org.pk in endorsements else None,
                "reason": endorsements[org.pk].reason if org.pk in endorsements else "",
                "summary_revision": endorsements[org.pk].summary_revision if org.pk in endorsements else None,
                "on_final_summary": bool(
                    summary and org.pk in endorsements and endorsements[org.pk].summary_revision == summary.revision_count
                ),
                "given_on": (endorsements[org.pk].text_language or None) if org.pk in endorsements else None,
                "by": endorsements[org.pk].by.public_name if org.pk in endorsements else None,
                "at": iso(endorsements[org.pk].updated_at) if org.pk in endorsements else None,
            }
            for org in organizations
        ],
        "superseded": list(superseded),
    }
    return _seal(data)


# --- a published statement -----------------------------------------------------------------------------


def build_statement(statement: Statement, language: str, *, generation: int = 1, generated_at=None, superseded=()) -> dict:
    """The record of a published statement in `language`: both texts (the reader's first), each with
    its signatories in the reader's alphabetical order, dated, late signatures marked."""
    with translation.override(language):
        return _build_statement(statement, language, generation, generated_at or timezone.now(), superseded)


def _build_statement(statement, language, generation, generated_at, superseded) -> dict:
    statement = Statement.objects.select_related("drafting_org", "fa_revision", "en_revision").get(pk=statement.pk)
    invitations = list(StatementInvitation.objects.filter(statement=statement).select_related("organization"))
    responses = list(
        StatementResponse.objects.filter(statement=statement).select_related("organization", "revision", "by")
        .order_by("created_at", "pk")
    )
    corrections = list(
        StatementRevision.objects.filter(statement=statement, is_correction=True).select_related("author")
        .order_by("created_at", "pk")
    )
    texts = statement_texts(statement, invitations=invitations, responses=responses)
    data = {
        "schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "kind": "statement",
        "id": statement.pk,
        "language": language,
        "generation": generation,
        "generated_at": iso(generated_at),
        "urls": {"page": absolute(reverse("statement_detail", args=[statement.pk])),
                 **record_urls("statement", statement.pk, language)},
        "coalition": _("Hamgami"),
        "title": statement.title,
        "visibility": statement.visibility,
        "areas": _areas(statement.areas.all()),
        "drafting_organization": _org(statement.drafting_org),
        "published_at": iso(statement.published_at),
        "texts": [
            {
                "language": t["language"],
                "language_label": str(TextLanguage(t["language"]).label),
                "title": t["revision"].title,
                "markdown": t["revision"].text_source,
                "html": t["revision"].text_html,
                "revision": t["revision"].number,
                "signatories": [
                    {"organization": _org(r.organization), "signed_at": iso(r.created_at), "late": r.after_publication}
                    for r in t["signed"]
                ],
                "signed_earlier_revision": [
                    {"organization": _org(r.organization), "signed_at": iso(r.created_at), "revision": r.revision.number}
                    for r in t["earlier"]
                ],
            }
            for t in texts
        ],
        "corrections": [
            {"language": c.language, "revision": c.number, "at": iso(c.created_at), "by": c.author.public_name,
             "reason": c.note}
            for c in corrections
        ],
        "superseded": list(superseded),
    }
    return _seal(data)
