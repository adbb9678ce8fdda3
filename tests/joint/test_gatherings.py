"""Events (issue 8): proposing with zones, places and links; endorsements by representatives;
the summing-up link; the calendar per month and area in Jalali and Gregorian; the .ics feed parsed
by the icalendar library, with RRULEs for yearly commemorations; leaks and query counts."""

import datetime
import zoneinfo

import icalendar
import pytest
from dateutil.rrule import rrulestr
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from tests.conftest import join, make_user
from threads.core import actions as thread_actions
from threads.joint import gathering_queries as q
from threads.joint import gatherings as g
from threads.core.events import capture_events
from threads.models import Gathering, GatheringEndorsement

TORONTO = zoneinfo.ZoneInfo("America/Toronto")
VANCOUVER = zoneinfo.ZoneInfo("America/Vancouver")


def at(year, month, day, hour=17, zone=TORONTO):
    return datetime.datetime(year, month, day, hour, 0, tzinfo=zone)


def propose(user, org, area, **extra):
    values = dict(
        kind="action", title="May Day march", description="Join us.", starts_at=at(2030, 5, 1, 17, VANCOUVER),
        ends_at=at(2030, 5, 1, 20, VANCOUVER), time_zone="America/Vancouver", areas=[area], organizers=[org],
        place="Vancouver Art Gallery",
    )
    values.update(extra)
    return g.propose(acting_user=user, **values)


@pytest.fixture
def may_day(alice, org_a, area):
    return propose(alice, org_a, area)


@pytest.fixture
def rep_b(org_b):
    user = make_user("reza")
    join(user, org_b, Membership.Role.REPRESENTATIVE)
    return user


def test_member_proposes_an_event_with_a_discussion_thread(may_day, org_a):
    assert may_day.thread is not None and f"/events/{may_day.pk}/" in may_day.thread.posts.first().body_html
    assert list(may_day.organizers.all()) == [org_a] and may_day.time_zone == "America/Vancouver"


@pytest.mark.parametrize(
    "extra, field",
    [
        ({"ends_at": at(2030, 5, 1, 16, VANCOUVER)}, "ends_at"),
        ({"starts_at": datetime.datetime(2030, 5, 1, 17)}, "starts_at"),
        ({"online_url": "javascript:alert(1)"}, "online_url"),
        ({"online_url": "ftp://example.org/x"}, "online_url"),
        ({"place": "", "online_url": ""}, "place"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"recurrence": "FREQ=YEARLY"}, "recurrence"),  # only commemorations repeat
        ({"kind": "commemoration", "recurrence": "FREQ=SOMETIMES"}, "recurrence"),
        ({"areas": []}, "areas"),
    ],
)
def test_bad_events_are_refused_with_a_clear_message(alice, org_a, area, extra, field):
    with pytest.raises(ValidationError) as refused:
        propose(alice, org_a, area, **extra)
    assert field in refused.value.error_dict
    assert not Gathering.objects.exists()


def test_who_may_propose_and_endorse(may_day, alice, bob, rana, rep_b, mona, root, dave, org_a, org_b, area):
    for person in (dave,):
        with pytest.raises(PermissionDenied):
            propose(person, org_a, area)
    with pytest.raises(PermissionDenied):
        propose(bob, org_a, area)  # not a member of the organizing organization
    for person, org in ((alice, org_a), (bob, org_b), (rep_b, org_a), (mona, org_a), (root, org_b)):
        with pytest.raises(PermissionDenied):
            g.endorse(acting_user=person, gathering=may_day, organization=org)
    assert not GatheringEndorsement.objects.exists()
    with capture_events() as events:
        g.endorse(acting_user=rep_b, gathering=may_day, organization=org_b)
    g.endorse(acting_user=rana, gathering=may_day, organization=org_a)
    assert GatheringEndorsement.objects.count() == 2


def test_event_page_endorse_and_summing_up(client, alice, rana, org_a, area, public_thread):
    past = propose(alice, org_a, area, starts_at=at(2020, 3, 8, 18), ends_at=at(2020, 3, 8, 20), time_zone="America/Toronto",
                   kind="seminar", title="March 8 seminar", place="", online_url="https://meet.example.org/march8")
    client.force_login(rana)
    page = client.get(past.get_absolute_url())
    assert page.status_code == 200 and b"https://meet.example.org/march8" in page.content and b"summing-up" in page.content
    assert client.post(reverse("gathering_endorse", args=[past.pk]), {"organization": str(org_a.pk)}).status_code == 302
    response = client.post(reverse("gathering_summing_up", args=[past.pk]), {"thread": public_thread.pk})
    assert response.status_code == 302
    past.refresh_from_db()
    assert past.summing_up == public_thread
    assert public_thread.title.encode() in client.get(past.get_absolute_url()).content


def test_proposing_through_the_form(client, alice, org_a, area):
    client.force_login(alice)
    data = {"kind": "action", "title": "Picket", "description": "Solidarity", "starts_at": "2030-03-08T12:00",
            "ends_at": "2030-03-08T11:00", "time_zone": "America/Toronto", "place": "Queen's Park", "online_url": "",
            "areas": [area.pk], "organizers": [str(org_a.pk)], "visibility": "public"}
    response = client.post(reverse("gathering_new"), data, headers={"accept-language": "en"})
    assert response.status_code == 400 and "ends before it starts" in response.content.decode()
    data["ends_at"] = "2030-03-08T14:00"
    response = client.post(reverse("gathering_new"), data)
    assert response.status_code == 302
    gathering = Gathering.objects.get()
    assert gathering.starts_at == at(2030, 3, 8, 12) and gathering.time_zone == "America/Toronto"


# --- the calendar -------------------------------------------------------------------------------


def test_calendar_month_in_gregorian_and_jalali(client, may_day):
    client.cookies["hamgami_language"] = "en"
    page = client.get(reverse("calendar_month", args=[2030, 5]))
    assert page.status_code == 200 and b"May Day march" in page.content and b"May 2030" in page.content
    client.cookies["hamgami_language"] = "fa"
    # 1 May 2030 is 11 Ordibehesht 1409
    page = client.get(reverse("calendar_month", args=[1409, 2]))
    assert page.status_code == 200 and b"May Day march" in page.content
    assert "اردیبهشت ۱۴۰۹".encode() in page.content
    assert b"May Day march" not in client.get(reverse("calendar_month", args=[2030, 6])).content
    assert client.get(reverse("calendar_month", args=[2030, 13])).status_code == 404
    assert client.get(reverse("calendar")).status_code == 200


def test_calendar_per_area(client, may_day, area):
    from threads.models import Area

    other = Area.objects.get(number=2)
    assert b"May Day march" in client.get(reverse("calendar_area_month", args=[area.slug, 2030, 5])).content
    assert b"May Day march" not in client.get(reverse("calendar_area_month", args=[other.slug, 2030, 5])).content


def test_recurring_commemorations_are_expanded_by_rrule(alice, org_a, area):
    for title, month, day in (("May Day", 5, 1), ("March 8", 3, 8)):
        propose(alice, org_a, area, kind="commemoration", title=title, starts_at=at(2026, month, day, 18),
                ends_at=at(2026, month, day, 20), time_zone="America/Toronto", recurrence="FREQ=YEARLY")
    propose(alice, org_a, area, kind="commemoration", title="1988 memorial", starts_at=at(2026, 8, 29, 15),
            ends_at=at(2026, 8, 29, 18), time_zone="America/Toronto", recurrence="FREQ=YEARLY;BYMONTH=8;BYDAY=-1SA")
    for year in (2027, 2031):
        march = q.month_page(None, year, 3)
        assert [o.gathering.title for o in march["occurrences"]] == ["March 8"]
        assert march["occurrences"][0].starts_at == at(year, 3, 8, 18)  # same wall time across DST
    august = q.month_page(None, 2027, 8)["occurrences"]
    assert [(o.gathering.title, o.starts_at.day) for o in august] == [("1988 memorial", 28)]  # last Saturday
    assert q.month_page(None, 2025, 5)["occurrences"] == []  # not before the first one


# --- the .ics feed ------------------------------------------------------------------------------


def test_ics_feed_parsed_by_icalendar(client, may_day, alice, org_a, area):
    propose(alice, org_a, area, kind="commemoration", title="March 8", starts_at=at(2026, 3, 8, 18),
            ends_at=at(2026, 3, 8, 20), time_zone="America/Toronto", recurrence="FREQ=YEARLY")
    propose(alice, org_a, area, title="Members planning", visibility="members")
    client.force_login(alice)  # even for a member, the feed carries public events only
    response = client.get(reverse("calendar_ics"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {"May Day march", "March 8"}
    march = events["March 8"]
    assert march["rrule"]["FREQ"] == ["YEARLY"]
    assert march.decoded("dtstart") == at(2026, 3, 8, 18)
    assert march["dtstart"].params["TZID"] == "America/Toronto"
    may = events["May Day march"]
    assert may.decoded("dtstart") == at(2030, 5, 1, 17, VANCOUVER) and str(may["location"]) == "Vancouver Art Gallery"
    assert {str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")} == {"America/Toronto", "America/Vancouver"}
    assert str(may["uid"]).startswith(f"gathering-{may_day.pk}@")
    rule = rrulestr(march["rrule"].to_ical().decode(), dtstart=march.decoded("dtstart"))
    assert rule.after(at(2027, 1, 1)) == at(2027, 3, 8, 18)


def test_area_ics_and_members_only_never_leaks(client, alice, org_a, area, dave):
    secret = propose(alice, org_a, area, title="Members planning", visibility="members")
    from threads.models import Area

    other = Area.objects.get(number=2)
    for url in (reverse("calendar_ics"), reverse("calendar_area_ics", args=[area.slug]), reverse("calendar_area_ics", args=[other.slug])):
        assert b"Members planning" not in client.get(url).content
    client.force_login(dave)
    assert client.get(secret.get_absolute_url()).status_code == 404
    assert b"Members planning" not in client.get(reverse("calendar_month", args=[2030, 5])).content
    client.force_login(alice)
    assert client.get(secret.get_absolute_url()).status_code == 200
    assert b"Members planning" in client.get(reverse("calendar_month", args=[2030, 5])).content


def test_calendar_and_ics_queries_do_not_grow(client, django_assert_num_queries, alice, org_a, area):
    def add(n):
        for i in range(n):
            propose(alice, org_a, area, title=f"Event {i}", starts_at=at(2030, 5, 1 + i % 28, 10), ends_at=at(2030, 5, 1 + i % 28, 12))

    add(2)
    # calendar: events, their areas, the list of areas
    with django_assert_num_queries(3):
        client.get(reverse("calendar_month", args=[2030, 5]))
    # ics: events (+threads), organizers, areas
    with django_assert_num_queries(3):
        client.get(reverse("calendar_ics"))
    add(20)
    with django_assert_num_queries(3):
        client.get(reverse("calendar_month", args=[2030, 5]))
    with django_assert_num_queries(3):
        client.get(reverse("calendar_ics"))
