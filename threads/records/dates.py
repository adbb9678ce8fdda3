"""ISO dates (as the record's data keeps them) in the reader's calendar and digits."""

import datetime

from forum.formats import calendar_date


def parse_iso(value) -> datetime.datetime | None:
    if not value:
        return None
    return datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def record_date(value, with_time=True):
    """An ISO date of the record, Jalali with Persian digits in Persian, Gregorian in English."""
    moment = parse_iso(value)
    return calendar_date(moment, with_time) if moment else ""
