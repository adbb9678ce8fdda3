"""Numbers and dates in the reader's language and calendar, for code and templates alike.

They live here, below every app, so actions and queries can format a date the way the templates do
(the template filters in threads/templatetags/hamgami.py wrap these)."""

import datetime

import jdatetime
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language

from forum.text import persian_digits

JALALI_MONTHS = [
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
]


def is_persian() -> bool:
    return not (get_language() or "fa").startswith("en")


def num(value):
    """A number in the reader's digits (۱۲۳ in Persian)."""
    if value is None or value == "":
        return ""
    text = f"{value:,}" if isinstance(value, int) else str(value)
    if is_persian():
        # Persian thousands separator ٬ and decimal separator ٫
        return persian_digits(text.replace(",", "٬").replace(".", "٫"))
    return text


def jalali_date(value: datetime.datetime, *, with_time: bool = True) -> str:
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    j = jdatetime.datetime.fromgregorian(datetime=local)
    text = f"{j.day} {JALALI_MONTHS[j.month - 1]} {j.year}"
    if with_time:
        text += f"، {local.hour:02d}:{local.minute:02d}"
    return persian_digits(text)


def calendar_date(value, with_time=True):
    """The date in the reader's calendar: Jalali in Persian, Gregorian in English."""
    if not value:
        return ""
    if is_persian():
        return jalali_date(value, with_time=bool(with_time))
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return date_format(local, "j F Y, H:i" if with_time else "j F Y")
