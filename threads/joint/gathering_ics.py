"""The iCalendar (.ics) feed of public events, written with the icalendar library.

Each event keeps its own zone (DTSTART;TZID=…, with the VTIMEZONE definitions the library adds),
repeating commemorations carry their RRULE, and the UID is stable so a subscribed calendar
application updates an event instead of duplicating it; SEQUENCE counts its edits, so a changed time
or place replaces the copy a calendar already holds.
"""

import zoneinfo

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vRecur

from forum.text import sorted_by_name


def build_calendar(gatherings, *, request, name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Hamgami//Joint action calendar//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    host = request.get_host().split(":")[0] or "hamgami"
    stamp = timezone.now()
    for gathering in gatherings:
        zone = zoneinfo.ZoneInfo(gathering.time_zone)
        event = Event()
        event.add("uid", f"gathering-{gathering.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("created", gathering.created_at)
        event.add("last-modified", gathering.updated_at)
        event.add("sequence", gathering.revision_count - 1)  # an edit makes subscribed calendars update it
        event.add("summary", gathering.title)
        event.add("dtstart", gathering.starts_at.astimezone(zone))
        event.add("dtend", gathering.ends_at.astimezone(zone))
        if gathering.recurrence:
            event.add("rrule", vRecur.from_ical(gathering.recurrence))
        organizers = ", ".join(o.name for o in sorted_by_name(list(gathering.organizers.all())))
        description = gathering.description_source
        if organizers:
            description += "\n\n" + _("Organized by: %(organizations)s") % {"organizations": organizers}
        if gathering.online_url:
            description += "\n" + gathering.online_url
        event.add("description", description)
        if gathering.place:
            event.add("location", gathering.place)
        elif gathering.online_url:
            event.add("location", gathering.online_url)
        event.add("url", request.build_absolute_uri(gathering.get_absolute_url()))
        event.add("categories", [gathering.get_kind_display()])
        event.add("status", "CONFIRMED")
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
