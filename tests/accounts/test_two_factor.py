"""Moderators, representatives and admins act in their role only with two-factor authentication on."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from accounts import access as people
from accounts.models import Membership, User
from forum.errors import ActionRefused
from tests.conftest import make_user
from threads.moderation import actions as moderation_actions
from threads.core import actions


@pytest.fixture
def rep_without(org_a):
    user = make_user("rahim", display_name="Rahim", two_factor_enabled=False)
    Membership.objects.create(user=user, organization=org_a, role="representative", status="approved")
    return user


@pytest.fixture
def mod_without(db):
    return make_user("mahsa", is_moderator=True, two_factor_enabled=False)


def fresh(user):
    return User.objects.get(pk=user.pk)


def test_a_representative_without_two_factor_cannot_speak_for_the_organization(rep_without, org_a, area):
    assert people.speaking_organizations(rep_without) == []
    with pytest.raises(ActionRefused):
        actions.create_thread(acting_user=rep_without, title="For A", body="Our position", areas=[area], on_behalf_of=org_a)
    # As an ordinary member they still may post in their own name.
    thread = actions.create_thread(acting_user=rep_without, title="Mine", body="My own view", areas=[area])
    assert thread.on_behalf_of is None


def test_a_representative_without_two_factor_cannot_decide_on_members(client, rep_without, org_a):
    applicant = make_user("newcomer")
    request = Membership.objects.create(user=applicant, organization=org_a)
    client.force_login(rep_without)
    response = client.post(f"/orgs/{org_a.slug}/members/{request.pk}/decide/", {"decision": "approve"})
    assert response.status_code == 403
    request.refresh_from_db()
    assert request.status == Membership.Status.PENDING


def test_a_moderator_without_two_factor_cannot_moderate(mod_without, public_thread):
    post = public_thread.posts.first()
    assert not people.is_moderator(mod_without)
    assert people.audience_of(mod_without) == people.VISITOR
    with pytest.raises(ActionRefused):
        moderation_actions.hide_post(acting_user=mod_without, post=post, reason="spam")


def test_the_page_tells_a_role_holder_to_turn_it_on(client, rep_without, dave):
    client.force_login(rep_without)
    page = client.get("/", headers={"accept-language": "en"}).content.decode()
    assert "only with two-factor authentication on" in page and 'href="/accounts/2fa/"' in page
    client.force_login(dave)  # no role: nothing to say
    assert "two-factor authentication on" not in client.get("/", headers={"accept-language": "en"}).content.decode()


def test_turning_two_factor_on_and_off_is_recorded_whichever_way_it_happens(rep_without, org_a):
    authenticator = TOTP.activate(rep_without, generate_totp_secret()).instance
    assert fresh(rep_without).two_factor_enabled
    assert people.can_speak_for(fresh(rep_without), org_a)
    authenticator.delete()
    assert not fresh(rep_without).two_factor_enabled
    assert not people.can_speak_for(fresh(rep_without), org_a)


def test_recovery_codes_alone_are_not_a_second_factor(rep_without):
    RecoveryCodes.activate(rep_without)
    assert Authenticator.objects.filter(user=rep_without).exists()
    assert not fresh(rep_without).two_factor_enabled


def test_an_admin_without_two_factor_is_not_an_admin_here(db):
    admin = User.objects.create_superuser(username="boss", email="boss@example.org", password="x" * 12)
    assert not people.is_admin(admin) and not people.is_moderator(admin)
    TOTP.activate(admin, generate_totp_secret())
    assert people.is_admin(fresh(admin)) and people.is_moderator(fresh(admin))


def test_the_requirement_can_be_turned_off_for_a_private_deployment(settings, rep_without, org_a):
    settings.HAMGAMI = {**settings.HAMGAMI, "ROLES_REQUIRE_TWO_FACTOR": False}
    assert people.can_speak_for(rep_without, org_a)


