"""The reader's time zone (forum/zones.py): dates shown and deadlines typed in one's own time."""

import datetime

import pytest

from tests.conftest import join, make_user
from accounts.models import Membership
from threads.debates import actions as da
from threads.models import Debate

pytestmark = pytest.mark.django_db

UTC = datetime.timezone.utc


@pytest.fixture
def debate(alice, rana, org_a, org_b, area, mona):
    join(make_user("ben"), org_b, Membership.Role.REPRESENTATIVE)
    d = da.start_debate(
        acting_user=alice, title="T", motion="The coalition publishes a monthly bulletin.", body="B",
        difference="organizational", areas=[area], organizations=[org_a, org_b], chair=mona,
    )
    # A deadline well in the future at a known instant: 5 December 2030, 01:00 UTC.
    Debate.objects.filter(pk=d.pk).update(phase_deadline=datetime.datetime(2030, 12, 5, 1, 0, tzinfo=UTC))
    return d


def deadline_text(client, debate):
    html = client.get(debate.thread.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    start = html.index("Deadline:")
    return html[start : html.index("</p>", start)]


def test_a_visitor_reads_the_deadline_in_the_browsers_zone(client, debate):
    client.cookies["tz"] = "America/Vancouver"
    text = deadline_text(client, debate)
    assert "4 December 2030, 17:00" in text and "UTC−8" in text
    client.cookies["tz"] = "America/Toronto"
    text = deadline_text(client, debate)
    assert "4 December 2030, 20:00" in text and "UTC−5" in text


def test_persian_shows_the_offset_in_persian_digits(client, debate):
    client.cookies["tz"] = "Asia/Tehran"
    html = client.get(debate.thread.get_absolute_url()).content.decode()
    assert '<bdi dir="ltr">UTC+۳:۳۰</bdi>' in html


@pytest.mark.parametrize("cookie", ["../../etc/passwd", "Mars/Olympus_Mons", "<script>", "A" * 200, ""])
def test_a_cookie_that_is_no_zone_is_ignored(client, debate, settings, cookie):
    client.cookies["tz"] = cookie
    text = deadline_text(client, debate)
    assert "4 December 2030, 20:00" in text  # settings.TIME_ZONE, America/Toronto


def test_the_profile_zone_wins_over_the_browser(client, login, debate, alice):
    login(alice)
    client.cookies["tz"] = "America/Vancouver"
    response = client.post("/me/", {"display_name": "Alice", "time_zone": "Europe/Berlin"})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.time_zone == "Europe/Berlin"
    assert "5 December 2030, 02:00" in deadline_text(client, debate)
    bad = client.post("/me/", {"display_name": "Alice", "time_zone": "Mars/Olympus"})
    assert bad.status_code == 400
    alice.refresh_from_db()
    assert alice.time_zone == "Europe/Berlin"
    client.post("/me/", {"display_name": "Alice", "time_zone": ""})  # back to the browser's
    assert "4 December 2030, 17:00" in deadline_text(client, debate)


def test_a_deadline_typed_in_vancouver_means_vancouver_time(client, login, debate, mona):
    login(mona)
    client.cookies["tz"] = "America/Vancouver"
    response = client.post(
        f"/debates/{debate.thread_id}/phase/", {"phase": "opening", "deadline": "2030-12-10T17:00", "reason": ""}
    )
    assert response.status_code == 302
    debate.refresh_from_db()
    assert debate.phase_deadline == datetime.datetime(2030, 12, 11, 1, 0, tzinfo=UTC)
