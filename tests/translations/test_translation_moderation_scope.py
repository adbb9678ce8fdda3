"""Who hides and restores the translations of ledger points and gatherings' descriptions (issue 20):
whoever moderates that debate's or gathering's posts (its accepted chair, its areas' moderators,
site moderators), through the same action and the same buttons; anyone else is refused (403, and
told why), and nothing changes."""

import pytest
from django.urls import reverse

from accounts.models import User
from tests.conftest import make_user
from tests.translations.test_target_translations import (  # noqa: F401 - fixtures
    ben, cora, debate, gathering, point, position,
)
from threads.models import Area, ModerationAction, Translation
from threads.moderation import actions as moderation
from threads.translations import actions as tr_actions

pytestmark = pytest.mark.django_db
REFUSED = "Only the moderators of this thread can hide or restore a translation."


@pytest.fixture
def volunteer(bob):
    User.objects.filter(pk=bob.pk).update(volunteers_as_translator=True)
    bob.refresh_from_db()
    return bob


def area_moderator(root, area, name):
    user = make_user(name, display_name=name.title())
    moderation.appoint_moderator(acting_user=root, user=user, area=area)
    return User.objects.get(pk=user.pk)


@pytest.fixture
def arya(root, area):
    """Moderates the area of the debate and the gathering."""
    return area_moderator(root, area, "arya")


@pytest.fixture
def olga(root, db):
    """Moderates another area."""
    return area_moderator(root, Area.objects.get(number=2), "olga")


def english(client, user):
    client.logout()
    client.force_login(user)
    client.cookies["hamgami_language"] = "en"
    return client


def act(client, user, translation, do, reason=""):
    return english(client, user).post(reverse("translation_moderate", args=[translation.pk]), {"do": do, "reason": reason})


def state(translation) -> str:
    return Translation.objects.get(pk=translation.pk).state


@pytest.fixture
def point_translation(volunteer, point):
    return tr_actions.translate_text(acting_user=volunteer, target=point, language="en", text="The vote is not free")


@pytest.fixture
def gathering_translation(volunteer, gathering):
    return tr_actions.translate_text(acting_user=volunteer, target=gathering, language="en", text="Join us on May Day")


def hide_button(html: str, translation) -> bool:
    return f'action="{reverse("translation_moderate", args=[translation.pk])}"' in html and "Hide the translation" in html


class TestLedgerPoint:
    def test_the_chair_and_the_areas_moderator_hide_and_restore(self, client, cora, arya, debate, point_translation):
        page = reverse("debate_detail", args=[debate.thread_id])
        for moderator in (cora, arya):
            assert hide_button(english(client, moderator).get(page).content.decode(), point_translation), moderator
            response = act(client, moderator, point_translation, "hide", "Says more than the point")
            assert response.status_code == 302 and response["Location"].endswith(f"#point-{point_translation.point.number}")
            assert state(point_translation) == "hidden"
            html = client.get(page).content.decode()
            assert "The vote is not free" not in html and "Restore the translation" in html  # to restore it
            assert act(client, moderator, point_translation, "restore").status_code == 302
            assert state(point_translation) == "visible"
        logged = ModerationAction.objects.filter(action=ModerationAction.Kind.HIDE_TRANSLATION)
        assert sorted(logged.values_list("actor__username", flat=True)) == ["arya", "cora"]

    def test_others_are_refused_and_told(self, client, rana, olga, debate, point_translation):
        page = reverse("debate_detail", args=[debate.thread_id])
        for person in (rana, olga):  # a representative in the debate; another area's moderator
            assert not hide_button(english(client, person).get(page).content.decode(), point_translation)
            response = act(client, person, point_translation, "hide", "No")
            assert response.status_code == 403 and REFUSED in response.content.decode(), person
            assert state(point_translation) == "visible"


class TestGathering:
    def test_the_areas_moderator_and_a_site_moderator_hide_and_restore(self, client, arya, mona, gathering,
                                                                       gathering_translation):
        page = gathering.get_absolute_url()
        for moderator in (arya, mona):
            assert hide_button(english(client, moderator).get(page).content.decode(), gathering_translation)
            response = act(client, moderator, gathering_translation, "hide", "Wrong date")
            assert response.status_code == 302 and response["Location"].endswith("#gathering-description")
            assert state(gathering_translation) == "hidden"
            assert "Restore the translation" in client.get(page).content.decode()
            assert act(client, moderator, gathering_translation, "restore").status_code == 302
            assert state(gathering_translation) == "visible"

    def test_others_are_refused_and_told(self, client, alice, olga, cora, debate, gathering, gathering_translation):
        page = gathering.get_absolute_url()
        for person in (alice, olga, cora):  # its proposer; another area's moderator; a debate's chair
            assert not hide_button(english(client, person).get(page).content.decode(), gathering_translation)
            response = act(client, person, gathering_translation, "hide", "No")
            assert response.status_code == 403 and REFUSED in response.content.decode(), person
            assert state(gathering_translation) == "visible"
