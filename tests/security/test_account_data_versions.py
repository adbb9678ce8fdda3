"""A person's export and deletion (issue 10, property 7) cover the versions of events and the
wordings of ledger points they wrote (issue 20 made both editable): the export has every one of
theirs and nobody else's; deleting the account keeps them as by "deleted user", as post revisions
and position versions are kept."""

import datetime
import json

import pytest
from django.urls import reverse

from accounts import actions as account_actions
from accounts.models import Membership, User
from tests.conftest import PASSWORD
from tests.translations.test_target_translations import POINT_FA, ben, cora, debate  # noqa: F401
from threads.debates import actions as da
from threads.joint import gatherings as g
from threads.models import GatheringRevision, LedgerPointRevision

pytestmark = pytest.mark.django_db

START = datetime.datetime(2030, 5, 1, 17, tzinfo=datetime.UTC)
NEW_FA = "انتخابات پیش رو آزاد نیست."
CHAIR_FA = "انتخابات پیش رو نه آزاد است نه منصفانه."


def propose(alice, org_a, area, title, visibility="public"):
    return g.propose(
        acting_user=alice, kind="action", title=title, description="Join us.", starts_at=START,
        ends_at=START + datetime.timedelta(hours=3), time_zone="Asia/Tehran", areas=[area], organizers=[org_a],
        place="Tehran", visibility=visibility,
    )


def edit(user, gathering, **changes):
    fields = {"title": gathering.title, "description": gathering.description_source, "starts_at": gathering.starts_at,
              "ends_at": gathering.ends_at, "time_zone": gathering.time_zone, "place": gathering.place,
              "online_url": gathering.online_url}
    fields.update(changes)
    return g.edit_gathering(acting_user=user, gathering=gathering, **fields)[0]


def export(client, user):
    client.force_login(User.objects.get(pk=user.pk))
    response = client.get("/me/export/")
    assert response.status_code == 200
    return response.json()


def test_export_has_the_event_versions_the_person_wrote(client, alice, rana, org_a, area):
    march = propose(alice, org_a, area, "May Day march")
    edit(rana, march, place="Laleh Park")  # rana, a representative of the organizer, moves it
    march.refresh_from_db()
    edit(alice, march, title="May Day march and rally")
    untouched = propose(alice, org_a, area, "Reading circle")

    versions = export(client, alice)["event_versions"]
    assert [(v["event"], v["version"], v["title"], v["place"], v["current"]) for v in versions] == [
        (march.pk, 1, "May Day march", "Tehran", False),
        (march.pk, 3, "May Day march and rally", "Laleh Park", True),
        (untouched.pk, 1, "Reading circle", "Tehran", True),  # in the order written
    ]
    first = versions[0]
    assert first["url"] == march.get_absolute_url() and first["description"] == "Join us."
    assert first["starts_at"] == START.isoformat() and first["time_zone"] == "Asia/Tehran"
    assert set(first) == {"event", "url", "version", "current", "title", "description", "starts_at", "ends_at",
                          "time_zone", "place", "online_url", "created_at"}
    # rana's edit is in rana's export, not alice's
    assert [(v["event"], v["version"], v["place"]) for v in export(client, rana)["event_versions"]] == [
        (march.pk, 2, "Laleh Park")]


def test_export_keeps_the_words_but_not_the_link_of_an_event_no_longer_readable(client, alice, org_a, area):
    secret = propose(alice, org_a, area, "Members planning", visibility="members")
    Membership.objects.filter(user=alice).delete()  # alice left org A
    versions = export(client, alice)["event_versions"]
    assert versions[0]["event"] == secret.pk and versions[0]["title"] == "Members planning"
    assert "url" not in versions[0]


def test_export_has_the_point_wordings_the_person_wrote(client, alice, cora, debate):  # noqa: F811
    point = da.propose_point(acting_user=alice, debate=debate, text=POINT_FA)
    da.reword_point(acting_user=alice, point=point, text=NEW_FA)
    da.reword_point(acting_user=cora, point=point, text=CHAIR_FA)  # the chair corrects it again
    other = da.propose_point(acting_user=alice, debate=debate, text="نقطهٔ دوم")

    wordings = export(client, alice)["ledger_point_wordings"]
    ref = {"id": debate.thread_id, "title": debate.thread.title, "url": debate.thread.get_absolute_url()}
    assert [(w["debate"], w["point"], w["wording"], w["text"], w["current"]) for w in wordings] == [
        (ref, point.number, 1, POINT_FA, False),
        (ref, point.number, 2, NEW_FA, False),
        (ref, other.number, 1, "نقطهٔ دوم", True),
    ]
    assert set(wordings[0]) == {"debate", "point", "wording", "text", "current", "created_at"}
    cora_wordings = export(client, cora)["ledger_point_wordings"]
    assert [(w["point"], w["wording"], w["text"], w["current"]) for w in cora_wordings] == [
        (point.number, 3, CHAIR_FA, True)]
    assert POINT_FA not in json.dumps(cora_wordings, ensure_ascii=False)


def test_deletion_keeps_versions_and_wordings_as_by_deleted_user(client, alice, rana, org_a, area, debate):  # noqa: F811
    """As post revisions and position versions: the text stays, the author is the anonymized account."""
    march = propose(alice, org_a, area, "May Day march")
    edit(alice, march, place="Laleh Park")
    point = da.propose_point(acting_user=alice, debate=debate, text=POINT_FA)
    da.reword_point(acting_user=alice, point=point, text=NEW_FA)

    account_actions.delete_account(acting_user=alice, password=PASSWORD)

    assert list(GatheringRevision.objects.filter(gathering=march).values_list("number", "place", "author_id")) == [
        (1, "Tehran", alice.pk), (2, "Laleh Park", alice.pk)]
    assert list(LedgerPointRevision.objects.filter(point=point).values_list("number", "text", "author_id")) == [
        (1, POINT_FA, alice.pk), (2, NEW_FA, alice.pk)]
    assert User.objects.get(pk=alice.pk).is_deleted
    client.force_login(rana)
    client.cookies["hamgami_language"] = "en"
    history = client.get(reverse("gathering_history", args=[march.pk])).content.decode()
    wordings = client.get(reverse("debate_point_replies", args=[debate.thread_id, point.number])).content.decode()
    for page in (history, wordings):
        assert "deleted user" in page and ">Alice<" not in page and "/people/alice/" not in page
    assert "Laleh Park" in history and "Tehran" in history
    assert POINT_FA in wordings and NEW_FA in wordings
