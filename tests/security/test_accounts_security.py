"""Accounts from the attacker's side (issue 10, property 5), with a real cache (tests/conftest.py
gives every test a LocMemCache of its own). Logout ending websocket sessions is proven in
tests/live/test_live.py::test_logging_out_closes_that_sessions_sockets."""

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.test import Client

from accounts.models import Membership, User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
WRONG = "not the password at all"


def log_in(client, login, password):
    return client.post("/accounts/login/", {"login": login, "password": password})


def test_failed_logins_are_limited_per_account(client, alice):
    for _ in range(5):
        assert log_in(client, "alice", WRONG).status_code == 400
    # the sixth try, even with the right password, waits out the window: guessing stops here
    response = log_in(client, "alice", PASSWORD)
    assert response.status_code in (400, 429)  # refused, with the form saying why
    assert client.get("/me/").status_code == 302


def test_the_owner_is_not_locked_out_for_ever(client, alice, monkeypatch):
    import time

    for _ in range(6):
        log_in(client, "alice", WRONG)
    later = time.time() + 5 * 60 + 1  # the per-account window of ACCOUNT_RATE_LIMITS is 5 minutes
    monkeypatch.setattr("allauth.core.internal.ratelimit.time.time", lambda: later)
    assert log_in(client, "alice", PASSWORD).status_code == 302


def test_signup_and_password_reset_are_limited(client, alice):
    statuses = [
        client.post("/accounts/password/reset/", {"email": "alice@example.org"}).status_code for _ in range(6)
    ]
    assert 429 in statuses and statuses[0] == 302
    statuses = [
        client.post("/accounts/signup/", {"email": f"x{n}@example.org", "username": f"x{n}", "password1": "k" * 12,
                                          "password2": "k" * 12}).status_code
        for n in range(21)
    ]
    assert statuses[-1] == 429


def test_rate_limits_cover_every_account_action(settings):
    assert {"login_failed", "signup", "reset_password", "confirm_email"} <= set(settings.ACCOUNT_RATE_LIMITS)


def test_rate_limit_keys_hold_no_raw_address(client, alice):
    from django.core.cache import cache

    log_in(client, "alice", WRONG)
    keys = list(cache._cache.keys())  # LocMemCache
    assert any("allauth" in k and ":rl:" in k for k in keys)
    assert not any("127.0.0.1" in k for k in keys), keys


def test_a_stolen_password_without_the_code_cannot_act(client, rana, org_a):
    Authenticator.objects.create(user=rana, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    response = log_in(client, "rana", PASSWORD)
    assert response.status_code == 302 and "/2fa/authenticate" in response["Location"]
    assert client.get("/me/").status_code == 302  # not signed in: the second step is still owed
    applicant = User.objects.create_user(username="eve", email="eve@example.org", password=PASSWORD)
    membership = Membership.objects.create(user=applicant, organization=org_a)
    client.post(f"/orgs/{org_a.slug}/members/{membership.pk}/decide/", {"approve": "1"})
    membership.refresh_from_db()
    assert membership.status == Membership.Status.PENDING


def test_changing_the_password_signs_out_every_other_session(client, alice):
    other = Client()
    assert log_in(other, "alice", PASSWORD).status_code == 302
    assert log_in(client, "alice", PASSWORD).status_code == 302
    new = "a new passphrase for alice"
    assert client.post("/accounts/password/change/", {"oldpassword": PASSWORD, "password1": new, "password2": new}).status_code == 302
    assert client.get("/me/").status_code == 200  # the session that changed it stays signed in
    assert other.get("/me/").status_code == 302  # the other (perhaps the attacker's) is signed out


def test_signup_does_not_reveal_a_registered_address(client, alice):
    def sign_up(email, username):
        mail.outbox.clear()
        response = client.post("/accounts/signup/", {"email": email, "username": username,
                                                     "password1": "a long new passphrase", "password2": "a long new passphrase"})
        return response.status_code, response.get("Location")

    taken = sign_up("alice@example.org", "alice2")
    mails_taken = len(mail.outbox)
    client.logout()
    fresh = sign_up("nobody@example.org", "nobody")
    assert taken == fresh  # the same answer; the owner of the address is told by email instead
    assert mails_taken == 1


def test_password_reset_does_not_reveal_a_registered_address(client, alice):
    known = client.post("/accounts/password/reset/", {"email": "alice@example.org"})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
