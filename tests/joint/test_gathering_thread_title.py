"""An event's discussion thread is named after the event (issue 20): when an organizer edits the
event's title, the thread's title follows in the same edit (its page, the thread lists and search
see the new one, open pages live), unless the thread was given a title of its own."""

import datetime

import pytest
from django.urls import reverse

from threads.core.events import capture_events
from threads.joint import gatherings as g
from threads.models import GatheringRevision, Thread

pytestmark = pytest.mark.django_db

START = datetime.datetime(2030, 5, 1, 17, tzinfo=datetime.UTC)
OLD, NEW = "راهپیمایی اول ماه مه", "راهپیمایی و گردهمایی اول ماه مه"


def propose(alice, org_a, area, visibility="public"):
    return g.propose(
        acting_user=alice, kind="action", title=OLD, description="به ما بپیوندید.", starts_at=START,
        ends_at=START + datetime.timedelta(hours=3), time_zone="Asia/Tehran", areas=[area], organizers=[org_a],
        place="تهران", visibility=visibility,
    )


def form_data(**changes):
    data = {"title": OLD, "description": "به ما بپیوندید.", "starts_at": "2030-05-01T20:30",
            "ends_at": "2030-05-01T23:30", "time_zone": "Asia/Tehran", "place": "تهران", "online_url": ""}
    data.update(changes)
    return data


def edit(client, gathering, **changes):
    return client.post(reverse("gathering_edit", args=[gathering.pk]), form_data(**changes))


def test_the_discussion_follows_a_new_title(client, login, alice, org_a, area, django_capture_on_commit_callbacks):
    gathering = propose(alice, org_a, area)
    thread = gathering.thread
    login(alice)
    with capture_events() as events, django_capture_on_commit_callbacks(execute=True):
        assert edit(client, gathering, title=NEW).status_code == 302
    thread.refresh_from_db()
    assert thread.title == NEW
    assert list(GatheringRevision.objects.filter(gathering=gathering).values_list("title", flat=True)) == [OLD, NEW]
    page = client.get(thread.get_absolute_url()).content.decode()
    heading = page.split('<h1 id="thread-title"', 1)[1].split("</h1>")[0]
    assert heading.endswith(f">{NEW}")
    # an open thread page replaces its heading, the lists their row
    retitled = [e for e in events if e.event == "thread.retitled"]
    assert [e.stream for e in retitled] == [thread.stream]
    html = retitled[0].payload["visitor:fa"].strip()
    assert html.startswith('<h1 id="thread-title" dir="auto"') and html.endswith(f">{NEW}</h1>")
    rows = [e for e in events if e.event == "thread.updated" and e.stream == "home"]
    assert len(rows) == 1 and NEW in rows[0].payload["visitor:fa"]
    # search finds it by the new title
    client.logout()
    opening = thread.posts.order_by("created_at", "pk").first()
    results = client.get("/search/", {"q": "گردهمایی"}).content.decode()
    assert f"/posts/{opening.pk}/" in results or f"#post-{opening.pk}" in results


def test_other_changes_leave_the_thread_alone(client, login, alice, org_a, area, django_capture_on_commit_callbacks):
    gathering = propose(alice, org_a, area)
    login(alice)
    with capture_events() as events, django_capture_on_commit_callbacks(execute=True):
        assert edit(client, gathering, place="پارک لاله").status_code == 302
    assert Thread.objects.get(pk=gathering.thread_id).title == OLD
    assert not [e for e in events if e.stream.startswith("thread:") or e.stream == "home"]


def test_a_thread_with_a_title_of_its_own_keeps_it(client, login, alice, org_a, area, django_capture_on_commit_callbacks):
    gathering = propose(alice, org_a, area)
    Thread.objects.filter(pk=gathering.thread_id).update(title="گفتگو دربارهٔ برنامهٔ روز کارگر")  # named apart
    login(alice)
    with capture_events() as events, django_capture_on_commit_callbacks(execute=True):
        assert edit(client, gathering, title=NEW).status_code == 302
    assert Thread.objects.get(pk=gathering.thread_id).title == "گفتگو دربارهٔ برنامهٔ روز کارگر"
    assert g.Gathering.objects.get(pk=gathering.pk).title == NEW
    assert not [e for e in events if e.event == "thread.retitled"]


def test_a_members_only_heading_is_not_sent_to_visitors(client, login, alice, org_a, area,
                                                         django_capture_on_commit_callbacks):
    gathering = propose(alice, org_a, area, visibility="members")
    login(alice)
    with capture_events() as events, django_capture_on_commit_callbacks(execute=True):
        assert edit(client, gathering, title=NEW).status_code == 302
    retitled = next(e for e in events if e.event == "thread.retitled")
    assert not any(key.startswith("visitor") for key in retitled.payload)
    assert NEW in retitled.payload["member:fa"]
