"""Template filters for numbers and dates in the reader's language and calendar."""

import datetime

import jdatetime
from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import get_language, gettext as _, ngettext

from forum.text import guess_language, persian_digits, reader_digits as _reader_digits

register = template.Library()

JALALI_MONTHS = [
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
]


def _persian() -> bool:
    return not (get_language() or "fa").startswith("en")


@register.filter
def lang_attr(text):
    """ lang="fa" or lang="en" for a person's text, by its script (nothing when it has no letters)."""
    language = guess_language(str(text or ""))
    return format_html(' lang="{}"', language) if language else ""


@register.filter
def iso_datetime(value):
    """A datetime for <time datetime>: to the second (HTML allows at most three decimals; we keep none)."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()


@register.filter
def reader_digits(text):
    """Interface text in the reader's digits (help texts, labels; never a person's text)."""
    if not text or hasattr(text, "__html__"):
        return text  # markup already built (and escaped) elsewhere is left as it is
    return _reader_digits(str(text))


@register.filter
def lang_dir(text):
    """ dir="rtl" lang="fa" (or ltr/en) for a person's text, by the script most of its letters are
    in: a Persian post that opens with a Latin @mention still reads right to left, which dir="auto"
    (the first strong letter decides) gets wrong. dir="auto" when the text has no letters."""
    language = guess_language(str(text or ""))
    if not language:
        return format_html(' dir="{}"', "auto")
    return format_html(' dir="{}" lang="{}"', "rtl" if language == "fa" else "ltr", language)


@register.filter
def num(value):
    """A number in the reader's digits (۱۲۳ in Persian)."""
    if value is None or value == "":
        return ""
    text = f"{value:,}" if isinstance(value, int) else str(value)
    if _persian():
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


@register.filter
def calendar_date(value, with_time=True):
    """The date in the reader's calendar: Jalali in Persian, Gregorian in English."""
    if not value:
        return ""
    if _persian():
        return jalali_date(value, with_time=bool(with_time))
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return date_format(local, "j F Y, H:i" if with_time else "j F Y")


@register.filter
def relative(value):
    """“3 minutes ago”, in the reader's language and digits; the live script keeps it current."""
    if not value:
        return ""
    seconds = int((timezone.now() - value).total_seconds())
    if seconds < 60:
        text = _("just now")
    elif seconds < 3600:
        n = seconds // 60
        text = ngettext("%(n)d minute ago", "%(n)d minutes ago", n) % {"n": n}
    elif seconds < 86400:
        n = seconds // 3600
        text = ngettext("%(n)d hour ago", "%(n)d hours ago", n) % {"n": n}
    elif seconds < 30 * 86400:
        n = seconds // 86400
        text = ngettext("%(n)d day ago", "%(n)d days ago", n) % {"n": n}
    else:
        return calendar_date(value, False)
    return persian_digits(text) if _persian() else text


@register.filter
def zone_of(value):
    """The reader's UTC offset at that moment, e.g. UTC−8 (UTC+۳:۳۰ in Persian), isolated left to right."""
    if not value:
        return ""
    offset = timezone.localtime(value).utcoffset()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    text = f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")
    return format_html('<bdi dir="ltr">{}</bdi>', persian_digits(text) if _persian() else text)


@register.filter
def when(value, style="relative"):
    """A <time> element: relative or calendar text, the exact date on hover, ISO for machines."""
    if not value:
        return ""
    local = timezone.localtime(value)
    gregorian = date_format(local, "j F Y, H:i")
    if _persian():
        title = f"{jalali_date(value)} — {persian_digits(local.strftime('%Y-%m-%d %H:%M'))}"
    else:
        title = gregorian
    text = relative(value) if style == "relative" else calendar_date(value)
    return format_html(
        '<time datetime="{}" title="{}" data-relative="{}">{}</time>',
        iso_datetime(local),
        title,
        "1" if style == "relative" else "",
        text,
    )
