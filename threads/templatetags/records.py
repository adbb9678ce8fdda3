"""Filters for the published record's templates: ISO dates (as the record's data keeps them) in the
reader's calendar and digits, through the site's own helpers (threads/templatetags/hamgami.py)."""

import datetime

from django import template

from forum.text import guess_language
from threads.records import links
from threads.templatetags.hamgami import calendar_date, num

register = template.Library()


def parse_iso(value) -> datetime.datetime | None:
    if not value:
        return None
    return datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))


@register.filter
def record_date(value, with_time=True):
    """An ISO date of the record, Jalali with Persian digits in Persian, Gregorian in English."""
    moment = parse_iso(value)
    return calendar_date(moment, with_time) if moment else ""


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
