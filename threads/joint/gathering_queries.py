"""What the event pages, the calendar and the .ics feed show.

The calendar page works in the reader's calendar: a Jalali month in Persian (/calendar/1405/2/),
a Gregorian month in English (/calendar/2026/5/); years below 1700 are Jalali. Each day shows the
date in both calendars. Repeating commemorations are expanded by dateutil's rrule, never by hand.
"""

import datetime
import zoneinfo
from dataclasses import dataclass

import jdatetime
from dateutil.rrule import rrulestr
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language

from accounts import access as people
from forum.formats import JALALI_MONTHS
from forum.text import persian_digits, sorted_by_name
from threads.core.models import Area
from threads.joint import access as joint_access
from threads.joint.models import Gathering, GatheringEndorsement, GatheringRevision

JALALI_YEAR_LIMIT = 1700
JALALI_MONTHS_LATIN = [
    "Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar",
    "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand",
]


@dataclass
class Occurrence:
    gathering: Gathering
    starts_at: datetime.datetime  # aware, in the event's own zone
    ends_at: datetime.datetime

    @property
    def local_start(self):
        return timezone.localtime(self.starts_at)


def gathering_organizations(gathering: Gathering) -> dict:
    """Organizers and endorsers in the reader's alphabetical order (also the live fragment's context)."""
    organizers = sorted_by_name(list(gathering.organizers.all()))
    endorsements = list(GatheringEndorsement.objects.filter(gathering=gathering).select_related("organization"))
    return {
        "gathering": gathering,
        "organizers": organizers,
        "endorsements": sorted_by_name(endorsements, name=lambda e: e.organization.name),
    }


def gathering_page(user, gathering: Gathering) -> dict:
    context = gathering_organizations(gathering)
    context["areas"] = list(gathering.areas.order_by("number"))
    zone = zoneinfo.ZoneInfo(gathering.time_zone)
    context["starts_local"] = gathering.starts_at.astimezone(zone)
    context["ends_local"] = gathering.ends_at.astimezone(zone)
    reader = timezone.localtime(gathering.starts_at)
    context["reader_time_differs"] = reader.replace(tzinfo=None) != context["starts_local"].replace(tzinfo=None)
    context["next_occurrences"] = upcoming_occurrences(gathering, count=3) if gathering.is_recurring else []
    context["has_ended"] = gathering.ends_at <= timezone.now() and not gathering.is_recurring
    summing_up = gathering.summing_up
    context["summing_up"] = summing_up if summing_up and (
        not summing_up.is_members_only or people.can_read_members_only(user)
    ) else None
    return context


def gathering_history(gathering: Gathering) -> list[GatheringRevision]:
    """Every version, newest first, each with its times in its own zone (one query)."""
    revisions = list(GatheringRevision.objects.filter(gathering=gathering).select_related("author").order_by("-number"))
    for revision in revisions:
        zone = zoneinfo.ZoneInfo(revision.time_zone)
        revision.starts_local, revision.ends_local = revision.starts_at.astimezone(zone), revision.ends_at.astimezone(zone)
    return revisions


def _rule(gathering: Gathering):
    zone = zoneinfo.ZoneInfo(gathering.time_zone)
    return rrulestr(gathering.recurrence, dtstart=gathering.starts_at.astimezone(zone))


def occurrences_between(gatherings, start: datetime.datetime, end: datetime.datetime) -> list[Occurrence]:
    """Every occurrence overlapping [start, end), repeating ones expanded by their RRULE."""
    found = []
    for gathering in gatherings:
        duration = gathering.ends_at - gathering.starts_at
        if gathering.is_recurring:
            for when in _rule(gathering).between(start - duration, end, inc=True):
                if when + duration > start and when < end:
                    found.append(Occurrence(gathering, when, when + duration))
        elif gathering.starts_at < end and gathering.ends_at > start:
            zone = zoneinfo.ZoneInfo(gathering.time_zone)
            found.append(Occurrence(gathering, gathering.starts_at.astimezone(zone), gathering.ends_at.astimezone(zone)))
    found.sort(key=lambda o: (o.starts_at, o.gathering.pk))
    return found


def upcoming_occurrences(gathering: Gathering, count: int = 3) -> list[Occurrence]:
    now = timezone.now()
    duration = gathering.ends_at - gathering.starts_at
    result, when = [], now - duration
    rule = _rule(gathering)
    for _i in range(count):
        when = rule.after(when)
        if when is None:
            break
        result.append(Occurrence(gathering, when, when + duration))
    return result


def _candidates(user, area: Area | None):
    gatherings = joint_access.readable_gatherings(user)
    if area is not None:
        gatherings = gatherings.filter(areas=area)
    return gatherings.prefetch_related(Prefetch("areas", queryset=Area.objects.order_by("number")))


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date, bool]:
    """First day and the day after the last of a month; Jalali when the year is below 1700."""
    if year < JALALI_YEAR_LIMIT:
        first = jdatetime.date(year, month, 1)
        following = jdatetime.date(year + (month == 12), month % 12 + 1, 1)
        return first.togregorian(), following.togregorian(), True
    first = datetime.date(year, month, 1)
    following = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return first, following, False


def current_month(jalali: bool) -> tuple[int, int]:
    today = timezone.localdate()
    if jalali:
        j = jdatetime.date.fromgregorian(date=today)
        return j.year, j.month
    return today.year, today.month


def neighbours(year: int, month: int) -> tuple[tuple[int, int], tuple[int, int]]:
    previous = (year - 1, 12) if month == 1 else (year, month - 1)
    following = (year + 1, 1) if month == 12 else (year, month + 1)
    return previous, following


def month_page(user, year: int, month: int, area: Area | None = None) -> dict:
    """The month's weeks (each day with its dates in both calendars and its occurrences) and the
    occurrences as a list. Queries: the events with their areas (two), whatever their number."""
    first, following, jalali = month_bounds(year, month)
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(first, datetime.time(), zone)
    end = datetime.datetime.combine(following, datetime.time(), zone)
    candidates = _candidates(user, area).filter(
        Q(starts_at__lt=end, ends_at__gt=start) | ~Q(recurrence="")
    )
    occurrences = occurrences_between(list(candidates), start, end)
    by_day = {}
    for occurrence in occurrences:
        day = occurrence.starts_at.astimezone(zone).date()
        by_day.setdefault(max(day, first), []).append(occurrence)
    # Weeks start on Saturday in the Persian calendar, on Monday in English.
    week_start = 5 if jalali else 0
    lead = (first.weekday() - week_start) % 7
    days = [None] * lead
    day = first
    while day < following:
        days.append({
            "date": day,
            "jalali": jdatetime.date.fromgregorian(date=day),
            "occurrences": by_day.get(day, []),
            "is_today": day == timezone.localdate(),
        })
        day += datetime.timedelta(days=1)
    days += [None] * (-len(days) % 7)
    weekdays = [(week_start + i) % 7 for i in range(7)]
    previous, next_month = neighbours(year, month)
    last = following - datetime.timedelta(days=1)
    jalali_first, jalali_last = jdatetime.date.fromgregorian(date=first), jdatetime.date.fromgregorian(date=last)
    persian = is_persian()
    jalali_names = JALALI_MONTHS if persian else JALALI_MONTHS_LATIN

    def jalali_span():
        if jalali_first.month == jalali_last.month:
            return f"{jalali_names[jalali_first.month - 1]} {jalali_first.year}"
        if jalali_first.year == jalali_last.year:
            return f"{jalali_names[jalali_first.month - 1]}–{jalali_names[jalali_last.month - 1]} {jalali_last.year}"
        return (f"{jalali_names[jalali_first.month - 1]} {jalali_first.year}–"
                f"{jalali_names[jalali_last.month - 1]} {jalali_last.year}")

    def gregorian_span():
        if first.year == last.year:
            if first.month == last.month:
                return date_format(first, "F Y")
            return f"{date_format(first, 'F')}–{date_format(last, 'F')} {last.year}"
        return f"{date_format(first, 'F Y')}–{date_format(last, 'F Y')}"

    title, subtitle = (jalali_span(), gregorian_span()) if jalali else (gregorian_span(), jalali_span())
    if persian:
        title, subtitle = persian_digits(title), persian_digits(subtitle)
    reference = datetime.date(2024, 1, 1)  # a Monday
    weekday_names = [date_format(reference + datetime.timedelta(days=d), "l") for d in range(7)]
    other = jdatetime.date.fromgregorian(date=first + datetime.timedelta(days=14))
    return {
        "title": title,
        "subtitle": subtitle,
        "weekday_names": [weekday_names[d] for d in [(week_start + i) % 7 for i in range(7)]],
        "switch": ((first + datetime.timedelta(days=14)).year, (first + datetime.timedelta(days=14)).month) if jalali else (other.year, other.month),
        "year": year,
        "month": month,
        "jalali": jalali,
        "first": first,
        "last": following - datetime.timedelta(days=1),
        "weeks": [days[i:i + 7] for i in range(0, len(days), 7)],
        "weekdays": weekdays,
        "occurrences": occurrences,
        "previous": previous,
        "next": next_month,
        "area": area,
    }


def is_persian() -> bool:
    return not (get_language() or "fa").startswith("en")


def feed_gatherings(area: Area | None = None) -> list[Gathering]:
    """What the .ics feed carries: public events only (calendar applications send no session),
    from a year back on, and every repeating one."""
    since = timezone.now() - datetime.timedelta(days=366)
    gatherings = joint_access.public_gatherings().filter(Q(ends_at__gte=since) | ~Q(recurrence=""))
    if area is not None:
        gatherings = gatherings.filter(areas=area)
    return list(
        gatherings.select_related("thread").prefetch_related(
            Prefetch("organizers"), Prefetch("areas", queryset=Area.objects.order_by("number"))
        ).order_by("starts_at", "pk")
    )
