"""Time zones: the reader's own, for every date and time shown and every one typed in.

The coalition's organizations sit in five time zones; a phase deadline typed in Vancouver must
mean Vancouver time, and read as Toronto time in Toronto. The zone comes from the person's
profile, else from the `tz` cookie the browser's zone.js sets, else settings.TIME_ZONE.
"""

import functools
import re
import zoneinfo

from django.conf import settings

COOKIE = "tz"
_NAME = re.compile(r"[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+){0,2}")
COMMON = [
    "America/Vancouver", "America/Los_Angeles", "America/Edmonton", "America/Chicago", "America/Toronto",
    "America/New_York", "America/Montreal", "America/Halifax", "Europe/London", "Europe/Paris", "Europe/Berlin",
    "Europe/Stockholm", "Asia/Tehran", "UTC",
]


@functools.lru_cache(maxsize=256)
def zone(name: str | None) -> zoneinfo.ZoneInfo | None:
    """The zone of that IANA name, or None for anything else (cookies are whatever a client sends)."""
    if not name or len(name) > 64 or not _NAME.fullmatch(name):
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return None


def zone_choices() -> list[tuple[str, str]]:
    """The site's zone and those of the coalition's cities first, then every other, once each."""
    seen, choices = set(), []
    for name in [settings.TIME_ZONE, *COMMON, *sorted(zoneinfo.available_timezones())]:
        if name not in seen:
            seen.add(name)
            choices.append((name, name.replace("_", " ")))
    return choices


def for_request(request) -> zoneinfo.ZoneInfo | None:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and getattr(user, "time_zone", ""):
        found = zone(user.time_zone)
        if found is not None:
            return found
    return zone(request.COOKIES.get(COOKIE))
