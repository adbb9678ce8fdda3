"""Translations of debate positions, ledger points, debate summaries and gatherings (issue 20),
through the form at /translate/<kind>/<id>/ and the debate and gathering pages.

rana (representative of A) writes A's position in Persian and translates it into English; an English
reader sees the English with "translated by" and switches to the original without JavaScript; a
revision of the position marks the translation outdated. cora chairs and translates her summary;
alice translates the point she proposed and the gathering she proposed; bob (nobody's author, no
volunteer) may not; dave (no member) cannot even see a members-only debate's form."""

import datetime
import json
import re
from pathlib import Path

import jsonschema
import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import Membership, User
from tests.conftest import accept_chair, join, make_user
from threads.core.events import capture_events
from threads.debates import actions as da
from threads.models import Debate, Endorsement, Gathering, LedgerPoint, ModerationAction, Stance, Translation
from threads.joint import gatherings
from threads.records import builder
from threads.translations import actions as tr_actions

pytestmark = pytest.mark.django_db
SCHEMA = json.loads((Path(__file__).resolve().parent.parent.parent / "docs" / "record-schema.json").read_text())

POSITION_FA = "ما از تحریم انتخابات فرمایشی پشتیبانی می‌کنیم."
POSITION_EN = "We support the boycott of the sham election."
SUMMARY_FA = "سازمان‌ها بر سر تحریم هم‌نظرند و بر سر شیوهٔ آن نه."
SUMMARY_EN = "The organizations agree on the boycott and differ on how to carry it out."
POINT_FA = "انتخابات آزاد نیست."
POINT_EN = "The election is not free."


def english(client):
    client.cookies["hamgami_language"] = "en"
    return client


def form_url(kind, pk):
    return reverse("translate", args=[kind, pk])


@pytest.fixture
def cora(org_b):
    user = make_user("cora", display_name="Cora")
    join(user, org_b)
    return user


@pytest.fixture
def ben(org_b):
    user = make_user("ben", display_name="Ben")
    join(user, org_b, Membership.Role.REPRESENTATIVE)
    return user


def start(alice, cora, org_a, org_b, area, **extra):
    return accept_chair(da.start_debate(
        acting_user=alice, title="تحریم", motion="ائتلاف انتخابات را تحریم می‌کند.", body="بحث کنیم.",
        difference=Debate.Difference.POLITICAL, areas=[area], organizations=[org_a, org_b], chair=cora, **extra,
    ))


@pytest.fixture
def debate(alice, cora, rana, ben, org_a, org_b, area):
    return start(alice, cora, org_a, org_b, area)


@pytest.fixture
def position(debate, rana, org_a):
    return da.publish_position(acting_user=rana, debate=debate, organization=org_a, stance="supports",
                               statement=POSITION_FA)


@pytest.fixture
def point(debate, alice):
    return da.propose_point(acting_user=alice, debate=debate, text=POINT_FA)


@pytest.fixture
def summary(debate, cora):
    debate = da.move_phase(acting_user=cora, debate=debate, to_phase=Debate.Phase.SUMMING_UP, reason="Time")
    return da.draft_summary(acting_user=cora, debate=debate, text=SUMMARY_FA)


@pytest.fixture
def gathering(alice, org_a, area):
    start_at = datetime.datetime(2030, 5, 1, 17, tzinfo=datetime.UTC)
    return gatherings.propose(
        acting_user=alice, kind="action", title="راهپیمایی اول ماه مه", description="به ما بپیوندید.",
        starts_at=start_at, ends_at=start_at + datetime.timedelta(hours=3), time_zone="Asia/Tehran",
        areas=[area], organizers=[org_a], place="تهران",
    )


def debate_page(client, debate, query=""):
    return client.get(reverse("debate_detail", args=[debate.thread_id]) + query).content.decode()


class TestPosition:
    def test_it_works(self, client, login, rana, position, debate):
        page = login(rana).get(form_url("position", position.pk))
        assert page.status_code == 200 and POSITION_FA in page.content.decode()
        response = login(rana).post(form_url("position", position.pk),
                                    {"language": "en", "body": POSITION_EN, "version": "0"})
        assert response.status_code == 302 and response["Location"].endswith("#debate-positions")
        translation = Translation.objects.get(position=position)
        assert (translation.language, translation.kind, translation.based_on_revision) == ("en", "position", 1)
        client.logout()
        html = debate_page(english(client), debate)
        assert POSITION_EN in html and "translated by" in html
        # the original stays one click away, without JavaScript
        assert re.search(r'<details class="post-original">.*?' + re.escape("تحریم انتخابات فرمایشی"), html, re.S)
        original = debate_page(client, debate, f"?original=position-{position.pk}")
        assert POSITION_EN not in original and "Show the translation" in original
        # a Persian reader sees the original, no mark
        client.cookies["hamgami_language"] = "fa"
        assert POSITION_EN not in debate_page(client, debate)

    def test_the_translate_link_shows_to_those_allowed(self, client, login, rana, bob, position, debate):
        link = form_url("position", position.pk)
        assert link in debate_page(login(rana), debate)
        assert link not in debate_page(login(bob), debate)
        client.logout()
        assert link not in debate_page(client, debate)

    def test_it_checks_access(self, client, login, bob, alice, position):
        assert login(bob).get(form_url("position", position.pk)).status_code == 403  # not org A's voice
        assert login(alice).get(form_url("position", position.pk)).status_code == 403  # a member, not its voice
        response = login(bob).post(form_url("position", position.pk), {"language": "en", "body": POSITION_EN})
        assert response.status_code == 403 and not Translation.objects.exists()
        client.logout()
        assert client.get(form_url("position", position.pk)).status_code == 302  # to sign in
        assert login(bob).get(form_url("nonsense", position.pk)).status_code == 404
        assert login(bob).get(form_url("position", 99999)).status_code == 404

    def test_a_volunteer_may(self, login, bob, position):
        User.objects.filter(pk=bob.pk).update(volunteers_as_translator=True)
        response = login(bob).post(form_url("position", position.pk), {"language": "en", "body": POSITION_EN})
        assert response.status_code == 302 and Translation.objects.get(position=position).translator == bob

    @pytest.mark.parametrize("language, body, message", [
        ("fa", "متن دیگری به فارسی", "The original is already in this language"),
        ("en", "", "Write the translation before saving it."),
        ("en", POSITION_FA, "identical to the original"),
    ])
    def test_refusals_keep_what_was_typed(self, login, rana, position, language, body, message):
        response = english(login(rana)).post(form_url("position", position.pk), {"language": language, "body": body})
        html = response.content.decode()
        assert response.status_code == 400 and message in html.replace("&#x27;", "'")
        if body:
            assert body in html
        assert not Translation.objects.exists()

    def test_the_later_saver_is_told_and_keeps_their_text(self, login, rana, bob, position):
        User.objects.filter(pk=bob.pk).update(volunteers_as_translator=True)
        url = form_url("position", position.pk)
        assert login(rana).post(url, {"language": "en", "body": POSITION_EN, "version": "0"}).status_code == 302
        mine = "We back the boycott of an election that is a sham."
        response = english(login(bob)).post(url, {"language": "en", "body": mine, "version": "0"})
        html = response.content.decode()
        assert response.status_code == 409 and mine in html and POSITION_EN in html and "saved this translation" in html
        assert Translation.objects.get(position=position).body_source == POSITION_EN
        # starting from the version shown with the conflict, the save goes through
        assert login(bob).post(url, {"language": "en", "body": mine, "version": "1"}).status_code == 302
        assert Translation.objects.get(position=position).version == 2

    def test_revising_the_position_outdates_the_translation(self, client, rana, org_a, debate, position):
        tr_actions.translate_text(acting_user=rana, target=position, language="en", text=POSITION_EN)
        da.publish_position(acting_user=rana, debate=debate, organization=org_a, stance="supports",
                            statement=POSITION_FA + " و نه بیشتر.")
        assert Translation.objects.get(position=position).is_outdated
        assert "outdated: the original was edited" in debate_page(english(client), debate)
        tr_actions.translate_text(acting_user=rana, target=position, language="en", text=POSITION_EN + " No more.",
                                  expected_version=1)
        translation = Translation.objects.get(position=position)
        assert not translation.is_outdated and translation.based_on_revision == 2

    def test_a_moderator_hides_and_restores(self, client, login, mona, rana, debate, position):
        translation = tr_actions.translate_text(acting_user=rana, target=position, language="en", text=POSITION_EN)
        url = reverse("translation_moderate", args=[translation.pk])
        response = login(mona).post(url, {"do": "hide", "reason": "Not a translation"})
        assert response.status_code == 302 and "#debate-positions" in response["Location"]
        assert ModerationAction.objects.filter(action=ModerationAction.Kind.HIDE_TRANSLATION).exists()
        client.logout()
        assert POSITION_EN not in debate_page(english(client), debate)
        assert login(rana).post(url, {"do": "restore"}).status_code == 403  # not a moderator: nothing changes
        assert Translation.objects.get(pk=translation.pk).state == Translation.State.HIDDEN
        login(mona).post(url, {"do": "restore"})
        client.logout()
        assert POSITION_EN in debate_page(english(client), debate)

    def test_history_page(self, client, rana, position):
        translation = tr_actions.translate_text(acting_user=rana, target=position, language="en", text=POSITION_EN)
        response = english(client).get(reverse("translation_history", args=[translation.pk]))
        assert response.status_code == 200 and POSITION_EN in response.content.decode()


class TestMembersOnly:
    @pytest.fixture
    def closed(self, alice, cora, rana, ben, org_a, org_b, area):
        debate = start(alice, cora, org_a, org_b, area, visibility="members")
        assert debate.thread.is_members_only
        return debate

    def test_members_only_stays_members_only(self, client, login, rana, dave, org_a, closed):
        position = da.publish_position(acting_user=rana, debate=closed, organization=org_a, stance="supports",
                                       statement=POSITION_FA)
        User.objects.filter(pk=dave.pk).update(volunteers_as_translator=True)
        translation = tr_actions.translate_text(acting_user=rana, target=position, language="en", text=POSITION_EN)
        assert login(dave).get(form_url("position", position.pk)).status_code == 404
        assert login(dave).post(form_url("position", position.pk),
                                {"language": "en", "body": "x", "version": "1"}).status_code == 404
        assert login(dave).get(reverse("translation_history", args=[translation.pk])).status_code == 404
        client.logout()
        assert english(client).get(reverse("translation_history", args=[translation.pk])).status_code == 404
        assert client.get(form_url("position", position.pk)).status_code == 302


class TestPointSummaryGathering:
    def test_the_proposer_translates_a_point(self, client, login, alice, bob, debate, point):
        url = form_url("point", point.pk)
        assert login(bob).get(url).status_code == 403
        response = login(alice).post(url, {"language": "en", "body": POINT_EN + "\n"})
        assert response.status_code == 302 and response["Location"].endswith(f"#point-{point.number}")
        client.logout()
        assert POINT_EN in debate_page(english(client), debate)  # among the proposed points
        da.decide_point(acting_user=debate.chair, point=point, decision=LedgerPoint.Status.ACCEPTED)
        html = debate_page(client, debate)
        assert POINT_EN in html and "translated by" in html  # in the matrix
        too_long = english(login(alice)).post(url, {"language": "en", "body": "w" * 301, "version": "1"})
        assert too_long.status_code == 400 and "the limit is 300" in too_long.content.decode()

    def test_the_form_states_the_kinds_own_limit(self, login, alice, rana, point, position):
        # A ledger point is one plain line of 300: its form must not promise Markdown and 20000.
        form = english(login(alice)).get(form_url("point", point.pk)).content.decode()
        assert 'maxlength="300"' in form and "Up to 300 characters." in form
        assert "Markdown" not in form and "20000" not in form
        form = english(login(rana)).get(form_url("position", position.pk)).content.decode()
        assert 'maxlength="10000"' in form and "Markdown" in form and "Up to 10000 characters." in form

    def test_the_chair_translates_the_summary_and_a_new_draft_outdates_it(self, client, login, cora, bob, debate,
                                                                          summary):
        url = form_url("summary", summary.pk)
        assert login(bob).get(url).status_code == 403
        assert login(cora).post(url, {"language": "en", "body": SUMMARY_EN}).status_code == 302
        client.logout()
        html = debate_page(english(client), debate)
        assert SUMMARY_EN in html and "translated by" in html
        da.draft_summary(acting_user=cora, debate=Debate.objects.get(pk=debate.pk), text=SUMMARY_FA + " پایان.")
        assert Translation.objects.get(summary=summary).is_outdated
        assert "outdated: the original was edited" in debate_page(client, debate)

    def test_the_proposer_translates_a_gathering(self, client, login, alice, bob, gathering):
        url = form_url("gathering", gathering.pk)
        assert login(bob).get(url).status_code == 403
        assert login(alice).get(url).status_code == 200
        response = login(alice).post(url, {"language": "en", "body": "Join us."})
        assert response.status_code == 302 and response["Location"].endswith("#gathering-description")
        client.logout()
        html = english(client).get(gathering.get_absolute_url()).content.decode()
        assert "Join us." in html and "translated by" in html
        original = client.get(gathering.get_absolute_url() + f"?original=gathering-{gathering.pk}").content.decode()
        assert "Join us." not in original

    def test_a_members_only_gathering_is_not_translated_by_outsiders(self, login, dave, gathering):
        Gathering.objects.filter(pk=gathering.pk).update(visibility="members")
        User.objects.filter(pk=dave.pk).update(volunteers_as_translator=True)
        assert login(dave).get(form_url("gathering", gathering.pk)).status_code == 404


def test_exactly_one_target(rana, position, point):
    with pytest.raises(IntegrityError), transaction.atomic():
        Translation.objects.create(position=position, point=point, language="en", body_source="x", body_html="x",
                                   translator=rana)
    with pytest.raises(IntegrityError), transaction.atomic():
        Translation.objects.create(language="en", body_source="x", body_html="x", translator=rana)
    Translation.objects.create(position=position, language="en", body_source="x", body_html="x", translator=rana)
    with pytest.raises(IntegrityError), transaction.atomic():
        Translation.objects.create(position=position, language="en", body_source="y", body_html="y", translator=rana)


def test_debate_page_queries_do_not_grow_with_translations(client, django_assert_num_queries, debate, rana, alice,
                                                           org_a, cora):
    """The texts' translations come in one query however many there are (debates' texts_shown hook)."""
    position = da.publish_position(acting_user=rana, debate=debate, organization=org_a, stance="supports",
                                   statement=POSITION_FA)
    point = da.propose_point(acting_user=alice, debate=debate, text=POINT_FA)
    url = reverse("debate_detail", args=[debate.thread_id])
    english(client).get(url)
    with django_assert_num_queries(13):  # as tests/debates/test_debates.py pins it
        client.get(url)
    tr_actions.translate_text(acting_user=rana, target=position, language="en", text=POSITION_EN)
    tr_actions.translate_text(acting_user=alice, target=point, language="en", text=POINT_EN)
    for n in range(5):
        extra = da.propose_point(acting_user=alice, debate=debate, text=f"نکتهٔ {n}")
        tr_actions.translate_text(acting_user=alice, target=extra, language="en", text=f"Point {n}")
    with django_assert_num_queries(13):  # as tests/debates/test_debates.py pins it
        html = client.get(url).content.decode()
    assert POSITION_EN in html and "Point 4" in html


class TestGivenOn:
    """A translation never changes what was endorsed or agreed to: the endorsement and the stance name
    the language of the text the representative was shown, and the record says so (given_on)."""

    @pytest.fixture
    def translated_summary(self, cora, summary):
        tr_actions.translate_text(acting_user=cora, target=summary, language="en", text=SUMMARY_EN)
        return summary

    def endorse(self, client, debate, org):
        return client.post(reverse("debate_endorse", args=[debate.thread_id]),
                           {"organization": org.pk, "verdict": "endorse", "reason": ""})

    def test_an_endorsement_names_the_translation_it_was_given_on(self, client, login, rana, ben, org_a, org_b,
                                                                  debate, translated_summary):
        page = english(login(rana)).get(reverse("debate_endorse", args=[debate.thread_id])).content.decode()
        assert SUMMARY_EN in page and "translated by" in page  # the form shows what is endorsed
        assert self.endorse(client, debate, org_a).status_code == 302
        client.cookies["hamgami_language"] = "fa"
        login(ben)
        assert self.endorse(client, debate, org_b).status_code == 302
        given = dict(Endorsement.objects.values_list("organization_id", "text_language"))
        assert given == {org_a.pk: "en", org_b.pk: "fa"}
        html = debate_page(english(client), debate)
        assert "given on the English translation" in html
        concluded = da.conclude(acting_user=debate.chair, debate=Debate.objects.get(pk=debate.pk))
        data = builder.build_debate(concluded, "en")
        jsonschema.validate(data, SCHEMA)
        assert {e["organization"]["slug"]: e["given_on"] for e in data["endorsements"]} == {
            org_a.slug: "en", org_b.slug: "fa"}

    def test_a_hidden_translation_is_not_what_was_endorsed(self, client, login, mona, rana, org_a, debate,
                                                           translated_summary):
        translation = Translation.objects.get(summary=translated_summary)
        tr_actions.hide_translation(acting_user=mona, translation=translation, reason="Wrong")
        english(login(rana))
        assert self.endorse(client, debate, org_a).status_code == 302
        assert Endorsement.objects.get(organization=org_a).text_language == "fa"

    def test_a_stance_names_the_text_it_was_taken_on(self, client, login, alice, cora, rana, org_a, debate, point):
        da.decide_point(acting_user=cora, point=point, decision=LedgerPoint.Status.ACCEPTED)
        tr_actions.translate_text(acting_user=alice, target=point, language="en", text=POINT_EN)
        response = english(login(rana)).post(reverse("point_stance", args=[point.pk]),
                                             {"organization": org_a.pk, "value": "agree", "reason": ""})
        assert response.status_code == 302
        assert Stance.objects.get(point=point).text_language == "en"
        data = builder.build_debate(Debate.objects.get(pk=debate.pk), "en")  # (a record is of a concluded debate)
        rows = data["ledger"]["common_ground"] + data["ledger"]["differences"] + data["ledger"]["unsettled"]
        stances = [s for row in rows for s in row["stances"] if s["stance"]]
        assert [s["given_on"] for s in stances] == ["en"]


def test_open_debate_pages_get_the_translation_live(rana, debate, position, django_capture_on_commit_callbacks):
    """Saving a position's translation re-sends the positions section, rendered per language (the
    same partial the page uses, translations attached through texts_shown)."""
    with capture_events() as events, django_capture_on_commit_callbacks(execute=True):
        tr_actions.translate_text(acting_user=rana, target=position, language="en", text=POSITION_EN)
    (event,) = events
    assert event.event == "debate.position" and event.stream == debate.thread.stream
    assert POSITION_EN in event.payload["visitor:en"] and "translated by" in event.payload["visitor:en"]
    assert POSITION_EN not in event.payload["visitor:fa"]
