"""Making and keeping a record's files: every format in both languages, made once per generation.

A generation is made when the debate concludes (again, after an admin reopened it), when the
statement is published, when an admin corrects it and when an organization signs it late; the
files of the generations before are kept, marked superseded, and listed in the new files. The
work runs in the background task (threads/records/tasks.py), enqueued after the commit of the
action (`threads.records.tasks.enqueue_*`, what the actions call).
"""

import hashlib
import logging

from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from threads.records.models import PublishedRecord, RecordFormat
from threads.debates.models import Debate
from threads.records import builder, pdf
from threads.records.render import render_json, render_markdown

log = logging.getLogger(__name__)

REASONS = {
    "concluded": _("the debate concluded"),
    "published": _("the statement was published"),
    "corrected": _("an admin corrected the text"),
    "late_signature": _("an organization signed after publication"),
    "prepared": _("prepared on first request"),
}


def reason_label(code: str) -> str:
    return str(REASONS.get(code, code))


def _subject_filter(subject) -> dict:
    return {"debate": subject} if isinstance(subject, Debate) else {"statement": subject}


def is_ready(subject) -> bool:
    """A debate is recorded once concluded, a statement once published."""
    if isinstance(subject, Debate):
        return subject.is_concluded
    return subject.is_published


def _changed_at(subject):
    return subject.concluded_at if isinstance(subject, Debate) else subject.published_at


def _superseded_entries(subject, language: str) -> list[dict]:
    rows = (
        PublishedRecord.objects.filter(**_subject_filter(subject), language=language, format=RecordFormat.JSON)
        .order_by("generation")
        .values("generation", "created_at", "record_hash", "reason")
    )
    with translation.override(language):
        return [
            {"generation": r["generation"], "created_at": builder.iso(r["created_at"]), "hash": r["record_hash"],
             "reason": reason_label(r["reason"])}
            for r in rows
        ]


def render_files(data: dict) -> dict[str, bytes]:
    files = {RecordFormat.JSON: render_json(data), RecordFormat.MARKDOWN: render_markdown(data)}
    if pdf.AVAILABLE:
        try:
            files[RecordFormat.PDF] = pdf.render_pdf(data)
        except Exception:  # the Markdown and JSON are worth keeping even when typesetting fails
            log.exception("The PDF of the %s record %s could not be made", data["kind"], data["id"])
    return files


def generate(subject, *, reason: str, since=None) -> int | None:
    """Make a new generation of the record's files and supersede the earlier ones; returns its
    number, or None when the subject is not (or no longer) recorded or when a generation made at or
    after `since` (the moment of the change being recorded) is already there."""
    model = type(subject)
    with transaction.atomic():
        subject = model.objects.select_for_update().get(pk=subject.pk)
        if isinstance(subject, Debate):
            subject = Debate.objects.select_related("thread", "chair").get(pk=subject.pk)
        if not is_ready(subject):
            return None
        existing = PublishedRecord.objects.filter(**_subject_filter(subject))
        current = existing.filter(superseded_at__isnull=True).order_by("-created_at").first()
        if current is not None and since is not None and current.created_at >= since:
            return None
        generation = (existing.aggregate(last=Max("generation"))["last"] or 0) + 1
        now = timezone.now()
        rows = []
        for language in builder.LANGUAGES:
            build = builder.build_debate if isinstance(subject, Debate) else builder.build_statement
            data = build(subject, language, generation=generation, generated_at=now,
                         superseded=_superseded_entries(subject, language))
            for fmt, content in render_files(data).items():
                rows.append(PublishedRecord(
                    **_subject_filter(subject), generation=generation, language=language, format=fmt,
                    content=content, size=len(content), etag=hashlib.sha256(content).hexdigest(),
                    record_hash=data["hash"], reason=reason, created_at=now,
                ))
        existing.filter(superseded_at__isnull=True).update(superseded_at=now)
        PublishedRecord.objects.bulk_create(rows)
    return generation


def generate_if_missing(subject) -> int | None:
    """The first generation of a record concluded or published before records were made (or whose
    task has not run yet)."""
    return generate(subject, reason="prepared", since=_changed_at(subject))


# --- reading -----------------------------------------------------------------------------------------


def current_file(subject, language: str, fmt: str) -> PublishedRecord | None:
    return (
        PublishedRecord.objects.filter(**_subject_filter(subject), language=language, format=fmt, superseded_at__isnull=True)
        .order_by("-generation").first()
    )


def has_current(subject) -> bool:
    return PublishedRecord.objects.filter(**_subject_filter(subject), superseded_at__isnull=True).exists()


def generation_file(subject, generation: int, language: str, fmt: str) -> PublishedRecord | None:
    return PublishedRecord.objects.filter(
        **_subject_filter(subject), generation=generation, language=language, format=fmt
    ).first()


def generations(subject) -> list[dict]:
    """Every generation, newest first, with its files (without their content): for the list page."""
    rows = list(
        PublishedRecord.objects.filter(**_subject_filter(subject))
        .defer("content").order_by("-generation", "language", "format")
    )
    by_generation: dict[int, dict] = {}
    for row in rows:
        entry = by_generation.setdefault(
            row.generation,
            {"generation": row.generation, "created_at": row.created_at, "superseded_at": row.superseded_at,
             "reason": reason_label(row.reason), "files": []},
        )
        entry["files"].append(row)
    return list(by_generation.values())
