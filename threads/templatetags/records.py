"""Filters for the published record's templates: ISO dates (as the record's data keeps them) in the
reader's calendar and digits, through the site's own helpers (threads/templatetags/hamgami.py)."""

from django import template

from forum.text import guess_language
from threads.records import links
from threads.records.dates import record_date
from threads.templatetags.hamgami import num

register = template.Library()


register.filter("record_date", record_date)


@register.filter
def record_num(value):
    return num(value)


@register.filter
def text_dir(text):
    """rtl or ltr for a person's text by the script most of its letters are in ("" when it has none)."""
    return {"fa": "rtl", "en": "ltr"}.get(guess_language(str(text or "")), "")


@register.simple_tag
def record_links(kind, pk):
    """The addresses of a concluded debate's (kind "debate", the thread's id) or a published
    statement's record files in the reader's language; no query."""
    return links.record_links(kind, pk)
