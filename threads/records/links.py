"""The record's addresses for the pages and the feeds, made without a query: the files of a concluded
debate or a published statement answer at these addresses (made on first request if their task has
not run yet), in the reader's language."""

from django.urls import reverse
from django.utils.translation import get_language

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


def enclosures(kind: str, pk: int, absolute) -> list:
    """The feed entry's links to the three files (Atom `<link rel="enclosure">`); `absolute` makes a
    full address of a path, as the feed does for its other links. PDF only where it can be made."""
    result = []
    links = record_links(kind, pk)
    for fmt in builder.FORMATS:
        if fmt == "pdf" and not links["pdf_available"]:
            continue
        result.append((absolute(links[fmt]), MIME_TYPES[fmt]))
    return result
