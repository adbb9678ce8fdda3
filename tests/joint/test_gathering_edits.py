"""Editing an event (issue 20): its organizers (the proposer, a representative of an organizing
organization) and moderators correct its title, description, time and place through the form at
/events/<id>/edit/. Every version is kept, open pages update live, the .ics feed bumps SEQUENCE, a
new description outdates its translations (the translator is told once), and a new time or place is
told to those watching the event's discussion."""

import datetime
import re

import icalendar
import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Membership
from tests.conftest import join, make_user
from threads.core.events import capture_events
from threads.following import actions as following
from threads.following.models import FollowPreferences, Notification
from threads.joint import gatherings as g
from threads.models import Gathering, GatheringRevision, Translation
from threads.translations import actions as tr_actions

pytestmark = pytest.mark.django_db

DESCRIPTION_FA = "به ما بپیوندید."
DESCRIPTION_EN = "Join us."
START = datetime.datetime(2030, 5, 1, 17, tzinfo=datetime.UTC)  # 20:30 in Tehran


def english(client):
    client.cookies["hamgami_language"] = "en"
    return client


@pytest.fixture
def gathering(alice, org_a, area):
    return g.propose(
        acting_user=alice, kind="action", title="راهپیمایی اول ماه مه", description=DESCRIPTION_FA,
        starts_at=START, ends_at=START + datetime.timedelta(hours=3), time_zone="Asia/Tehran",
        areas=[area], organizers=[org_a], place="تهران",
    )


def form_data(**changes):
    data = {"title": "راهپیمایی اول ماه مه", "description": DESCRIPTION_FA, "starts_at": "2030-05-01T20:30",
            "ends_at": "2030-05-01T23:30", "time_zone": "Asia/Tehran", "place": "تهران", "online_url": ""}
    data.update(changes)
    return data


def edit_url(gathering):
    return reverse("gathering_edit", args=[gathering.pk])


def test_the_form_shows_what_is_there_and_saves_a_new_place(client, login, alice, gathering, django_capture_on_commit_callbacks):
    page = login(alice).get(edit_url(gathering))
    html = page.content.decode()
    assert page.status_code == 200 and 'value="2030-05-01T20:30"' in html and "تهران" in html
    with capture_events() as events, django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url(gathering), form_data(place="پارک لاله"))
    assert response.status_code == 302 and response["Location"] == gathering.get_absolute_url()
    gathering.refresh_from_db()
    assert gathering.place == "پارک لاله" and gathering.revision_count == 2
    assert gathering.starts_at == START  # the time read in the event's own zone is unchanged
    revisions = list(GatheringRevision.objects.filter(gathering=gathering).values_list("number", "place", "author_id"))
    assert revisions == [(1, "تهران", alice.pk), (2, "پارک لاله", alice.pk)]
    # open event pages replace the part that changed, in every audience and language
    live = [e for e in events if e.stream == gathering.stream]
    assert [e.event for e in live] == ["gathering.edited"]
    assert 'id="gathering-main"' in live[0].payload["visitor:en"] and "پارک لاله" in live[0].payload["visitor:fa"]
    assert live[0].payload["_data"]["changed"] == ["place"]
    # the page shows the new place and links the earlier versions
    page = client.get(gathering.get_absolute_url()).content.decode()
    assert "پارک لاله" in page and reverse("gathering_history", args=[gathering.pk]) in page
    history = english(client).get(reverse("gathering_history", args=[gathering.pk])).content.decode()
    assert "پارک لاله" in history and "تهران" in history and "Version" in history


def test_saving_the_same_text_changes_nothing(client, login, alice, gathering):
    response = login(alice).post(edit_url(gathering), form_data())
    assert response.status_code == 302
    assert Gathering.objects.get(pk=gathering.pk).revision_count == 1 and not GatheringRevision.objects.exists()


@pytest.mark.parametrize("who", ["rana", "mona"])
def test_a_representative_of_an_organizer_and_a_moderator_may_edit(client, login, gathering, who, rana, mona):
    person = {"rana": rana, "mona": mona}[who]
    assert login(person).get(edit_url(gathering)).status_code == 200
    assert client.post(edit_url(gathering), form_data(title="May Day march")).status_code == 302
    assert Gathering.objects.get(pk=gathering.pk).title == "May Day march"
    assert GatheringRevision.objects.get(gathering=gathering, number=2).author == person


def test_others_are_refused_with_a_reason(client, login, gathering, bob, org_b):
    # bob is a member of org B (not organizing), a plain member of org A too: neither makes him an organizer
    join(bob, gathering.organizers.first())
    for method in ("get", "post"):
        response = getattr(english(login(bob)), method)(edit_url(gathering), form_data(place="Elsewhere"))
        assert response.status_code == 403
        assert "Only the event's proposer, a representative of an organizing organization or a moderator" in (
            response.content.decode().replace("&#x27;", "'"))
    assert Gathering.objects.get(pk=gathering.pk).place == "تهران" and not GatheringRevision.objects.exists()
    assert edit_url(gathering) not in client.get(gathering.get_absolute_url()).content.decode()
    client.logout()
    assert client.get(edit_url(gathering)).status_code == 302  # to sign in
    assert client.post(edit_url(gathering), form_data(place="Elsewhere")).status_code == 302
    assert Gathering.objects.get(pk=gathering.pk).place == "تهران"


@pytest.mark.parametrize("changes, message", [
    ({"ends_at": "2030-05-01T19:00"}, "The event ends before it starts"),
    ({"place": "", "online_url": ""}, "Give a place, an online link, or both."),
    ({"online_url": "javascript:alert(1)"}, "The online link must start with http:// or https://."),
    ({"description": "  "}, "Describe the event."),
    ({"starts_at": "someday"}, "Enter a date and time like"),
])
def test_bad_input_keeps_what_was_typed(login, alice, gathering, changes, message):
    typed = form_data(title="A title I typed", **changes)
    response = english(login(alice)).post(edit_url(gathering), typed)
    html = response.content.decode()
    assert response.status_code == 400 and message in html and "A title I typed" in html
    gathering.refresh_from_db()
    assert gathering.revision_count == 1 and gathering.title == "راهپیمایی اول ماه مه"


def test_a_new_description_outdates_its_translation_and_tells_the_translator_once(
        client, alice, bob, gathering, django_capture_on_commit_callbacks):
    type(bob).objects.filter(pk=bob.pk).update(volunteers_as_translator=True)
    FollowPreferences.objects.update_or_create(user=bob, defaults={"email": FollowPreferences.Email.IMMEDIATE,
                                                                   "language": "en"})
    bob.refresh_from_db()
    tr_actions.translate_text(acting_user=bob, target=gathering, language="en", text=DESCRIPTION_EN)
    values = dict(title=gathering.title, starts_at=gathering.starts_at, ends_at=gathering.ends_at,
                  time_zone=gathering.time_zone, place=gathering.place)
    # a new title alone leaves the translated description right
    g.edit_gathering(acting_user=alice, gathering=gathering, **{**values, "title": "May Day"},
                     description=DESCRIPTION_FA)
    assert not Translation.objects.get(gathering=gathering).is_outdated
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        g.edit_gathering(acting_user=alice, gathering=gathering, **values, description=DESCRIPTION_FA + " ساعت ۵.")
    assert Translation.objects.get(gathering=gathering).is_outdated
    notes = Notification.objects.filter(user=bob, kind=Notification.Kind.TEXT_TRANSLATION_OUTDATED)
    assert notes.count() == 1 and notes.get().link == f"{gathering.get_absolute_url()}#gathering-description"
    assert len(mail.outbox) == 1 and "the original was edited after your translation" in mail.outbox[0].subject
    html = english(client).get(gathering.get_absolute_url()).content.decode()
    assert DESCRIPTION_EN in html and "outdated: the original was edited after this translation" in html
    # another edit while it is outdated tells no one again
    g.edit_gathering(acting_user=alice, gathering=gathering, **values, description=DESCRIPTION_FA + " ساعت ۶.")
    assert notes.count() == 1


def test_a_new_time_or_place_tells_those_watching_its_discussion(
        client, login, alice, bob, gathering, django_capture_on_commit_callbacks):
    following.follow(acting_user=bob, target=gathering.thread, level="watching")
    FollowPreferences.objects.update_or_create(user=bob, defaults={"email": FollowPreferences.Email.IMMEDIATE,
                                                                   "language": "en"})
    muted = make_user("muted")
    following.follow(acting_user=muted, target=gathering.thread, level="muted")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        login(alice).post(edit_url(gathering), form_data(title="May Day, corrected"))  # a title: no notice
    assert not Notification.objects.filter(kind=Notification.Kind.GATHERING_CHANGED).exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url(gathering), form_data(title="May Day, corrected", starts_at="2030-05-01T18:00"))
    notes = Notification.objects.filter(kind=Notification.Kind.GATHERING_CHANGED)
    assert [(n.user_id, n.actor_id, n.link) for n in notes] == [(bob.pk, alice.pk, gathering.get_absolute_url())]
    assert len(mail.outbox) == 1 and "changed the time or place of an event you follow" in mail.outbox[0].subject
    bell = english(login(bob)).get("/notifications/").content.decode()
    assert "changed the time or place of an event you follow" in bell and f'href="{gathering.get_absolute_url()}"' in bell
    client.cookies["hamgami_language"] = "fa"
    assert "زمان یا مکان رویدادی را که دنبال می‌کنید تغییر داد" in client.get("/notifications/").content.decode()


def test_the_ics_feed_carries_the_change(client, alice, gathering):
    def event():
        cal = icalendar.Calendar.from_ical(client.get(reverse("calendar_ics")).content)
        return [c for c in cal.walk("VEVENT") if c["uid"].startswith(f"gathering-{gathering.pk}@")][0]

    assert int(event()["sequence"]) == 0
    g.edit_gathering(acting_user=alice, gathering=gathering, title=gathering.title, description=DESCRIPTION_FA,
                     starts_at=START + datetime.timedelta(hours=1), ends_at=START + datetime.timedelta(hours=4),
                     time_zone="Asia/Tehran", place="پارک لاله")
    changed = event()
    assert int(changed["sequence"]) == 1 and str(changed["location"]) == "پارک لاله"
    assert changed.decoded("dtstart") == START + datetime.timedelta(hours=1)


def test_the_event_page_query_count_is_pinned_however_many_versions(client, login, alice, bob, gathering,
                                                                   django_assert_num_queries):
    url = gathering.get_absolute_url()
    english(client).get(url)
    # the live stream's head (read first), event, organizers, endorsements, areas, its translations
    with django_assert_num_queries(VISITOR_EVENT_PAGE):
        client.get(url)
    type(bob).objects.filter(pk=bob.pk).update(volunteers_as_translator=True)
    bob.refresh_from_db()
    tr_actions.translate_text(acting_user=bob, target=gathering, language="en", text=DESCRIPTION_EN)
    for n in range(4):
        g.edit_gathering(acting_user=alice, gathering=gathering, title=f"May Day {n}", description=DESCRIPTION_FA,
                         starts_at=START, ends_at=START + datetime.timedelta(hours=3), time_zone="Asia/Tehran",
                         place="تهران")
    client.get(url)
    with django_assert_num_queries(VISITOR_EVENT_PAGE):
        html = client.get(url).content.decode()
    assert "May Day 3" in html and DESCRIPTION_EN in html
    login(alice).get(url)
    with django_assert_num_queries(SIGNED_IN_EVENT_PAGE):
        assert edit_url(gathering) in client.get(url).content.decode()


VISITOR_EVENT_PAGE = 6
SIGNED_IN_EVENT_PAGE = 9  # + the session, the person, their memberships


def test_forms_and_history_write_nothing_on_get(client, login, alice, gathering):
    g.edit_gathering(acting_user=alice, gathering=gathering, title="May Day", description=DESCRIPTION_FA,
                     starts_at=START, ends_at=START + datetime.timedelta(hours=3), time_zone="Asia/Tehran", place="تهران")
    login(alice)
    for url in (edit_url(gathering), reverse("gathering_history", args=[gathering.pk]), gathering.get_absolute_url()):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        writes = [q["sql"] for q in queries.captured_queries if re.match(r"^\s*(INSERT|UPDATE|DELETE)\b", q["sql"], re.I)]
        assert writes == [], (url, writes)


def test_members_only_history_stays_members_only(client, login, alice, dave, org_a, area):
    secret = g.propose(
        acting_user=alice, kind="seminar", title="Members planning", description="Internal.", starts_at=START,
        ends_at=START + datetime.timedelta(hours=2), time_zone="UTC", areas=[area], organizers=[org_a],
        place="Hall", visibility="members",
    )
    url = reverse("gathering_history", args=[secret.pk])
    assert client.get(url).status_code == 404
    assert login(dave).get(url).status_code == 404
    assert login(dave).get(edit_url(secret)).status_code == 404
    assert login(alice).get(url).status_code == 200
