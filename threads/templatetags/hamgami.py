"""Template filters for numbers and dates in the reader's language and calendar, and for people's names."""


import datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import ngettext
from django.utils.translation import gettext as _

from forum.formats import calendar_date, is_persian, jalali_date, num
from forum.text import guess_language, persian_digits, reader_digits as text_in_reader_digits

register = template.Library()


@register.filter
def person_link(person, css_class=""):
    """A person's name linking to their page (/people/<handle>/), escaped, dir="auto": {{ post.author|person_link }},
    or {{ post.author|person_link:"author" }} for one more class. Plain text for a deleted account, one
    without a handle, or no one at all (an author whose row is gone)."""
    name = person.public_name if person else _("deleted user")
    if not person or person.is_deleted or not person.handle:
        if css_class:
            return format_html('<span dir="auto" class="{}">{}</span>', css_class, name)
        return format_html('<span dir="auto">{}</span>', name)
    classes = f"person-link {css_class}".strip()
    return format_html('<a dir="auto" class="{}" href="{}">{}</a>', classes, person.get_absolute_url(), name)


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
    return text_in_reader_digits(str(text))


@register.filter
def lang_dir(text):
    """ dir="rtl" lang="fa" (or ltr/en) for a person's text, by the script most of its letters are
    in: a Persian post that opens with a Latin @mention still reads right to left, which dir="auto"
    (the first strong letter decides) gets wrong. dir="auto" when the text has no letters."""
    language = guess_language(str(text or ""))
    if not language:
        return format_html(' dir="{}"', "auto")
    return format_html(' dir="{}" lang="{}"', "rtl" if language == "fa" else "ltr", language)


register.filter("num", num)
register.filter("calendar_date", calendar_date)


@register.filter
def relative(value):
    """“3 minutes ago”, in the reader's language and digits; the live script keeps it current."""
    if not value:
        return ""
    words = recent(value)
    return calendar_date(value, False) if words is None else words


def recent(value) -> str | None:
    """relative()'s words up to 30 days (“3 minutes ago”, the reader's language and digits); None
    from then on, when relative() shows the date (threads/templatetags/post_fragments.py keeps that)."""
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
        return None
    return persian_digits(text) if is_persian() else text


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
    return format_html('<bdi dir="ltr">{}</bdi>', persian_digits(text) if is_persian() else text)


@register.filter
def when(value, style="relative"):
    """A <time> element: relative or calendar text, the exact date on hover, ISO for machines."""
    if not value:
        return ""
    text = relative(value) if style == "relative" else calendar_date(value)
    return format_html("{}{}</time>", time_tag(value, style), text)


def time_tag(value, style="relative") -> str:
    """when()'s opening <time> tag: ISO for machines and the exact date on hover, in the reader's
    time zone, language and calendar (the same for a post's every reader in that zone and language,
    so a thread page keeps it: threads/templatetags/post_fragments.py)."""
    local = timezone.localtime(value)
    if is_persian():  # (the Gregorian date_format only when it is shown: ~0.1 ms a post, issue 16)
        title = f"{jalali_date(local)} — {persian_digits(local.strftime('%Y-%m-%d %H:%M'))}"
    else:
        title = date_format(local, "j F Y, H:i")
    return format_html(
        '<time datetime="{}" title="{}" data-relative="{}">',
        iso_datetime(local),
        title,
        "1" if style == "relative" else "",
    )
