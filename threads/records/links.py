"""The record's addresses for the pages and the feeds, made without a query: the files of a concluded
debate or a published statement answer at these addresses (made on first request if their task has
not run yet), in the reader's language."""

from django.urls import reverse
from django.utils.feedgenerator import Enclosure
from django.utils.translation import get_language

from threads.records.models import PublishedRecord
from threads.records import builder, pdf

MIME_TYPES = {"pdf": "application/pdf", "md": "text/markdown", "json": "application/json"}


def reader_language() -> str:
    return "en" if (get_language() or "fa").startswith("en") else "fa"


def record_links(kind: str, pk: int, language: str | None = None) -> dict:
    """{"pdf": url, "md": url, "json": url, "list": url, "pdf_available": bool}, relative addresses."""
    language = language or reader_language()
    name = "debate_record" if kind == "debate" else "statement_record"
    links = {fmt: f"{reverse(name, args=[pk, fmt])}?lang={language}" for fmt in builder.FORMATS}
    links["list"] = reverse(f"{kind}_records", args=[pk])
    links["pdf_available"] = pdf.AVAILABLE
    return links


def feed_enclosures(kind: str, ids) -> dict[int, list[Enclosure]]:
    """For the Atom feeds: {thread id (debates) or statement id: [Enclosure, …]}, the current files in
    the reader's language with their sizes, in one query. Feeds list public subjects only."""
    language = reader_language()
    key = "debate__thread_id" if kind == "debate" else "statement_id"
    rows = (
        PublishedRecord.objects.filter(**{f"{key}__in": list(ids)}, language=language, superseded_at__isnull=True)
        .order_by(key, "format").values_list(key, "format", "size")
    )
    result: dict[int, list[Enclosure]] = {}
    for pk, fmt, size in rows:
        url = builder.absolute(record_links(kind, pk, language)[fmt])
        result.setdefault(pk, []).append(Enclosure(url, str(size), MIME_TYPES[fmt]))
    return result
