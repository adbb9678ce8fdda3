"""Accounts as people use them: sign up, verify, log in and out, reset a password, turn on 2FA; the
account pages in the site's frame in Persian and English."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.core import mail
from django.core.cache import cache

from accounts.models import User
from tests.conftest import PASSWORD, make_user

NEW_PASSWORD = "a quite different passphrase"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_cache():
    """allauth keeps rate-limit counters and used TOTP codes in the cache; start each test clean."""
    cache.clear()
    yield
    cache.clear()


def link_in(message) -> str:
    match = re.search(r"https?://testserver(/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def totp_now(secret: str) -> str:
    """The code an authenticator app shows now, computed with allauth's own helper."""
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def log_in(client, login, password=PASSWORD):
    return client.post("/accounts/login/", {"login": login, "password": password})


# --- sign up and email verification -------------------------------------------------------------


def test_signup_with_display_name_then_verify_email(client, db):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "sara@example.org",
            "username": "sara",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "display_name": "سارا ي",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(username="sara")
    assert user.display_name == "سارا ی"  # Arabic yeh stored as Persian yeh
    assert not EmailAddress.objects.get(user=user).verified
    # Mandatory verification: not signed in until the email is confirmed.
    assert client.get("/me/").status_code == 302

    assert len(mail.outbox) == 1
    confirm_url = link_in(mail.outbox[0])
    page = client.get(confirm_url)
    assert page.status_code == 200
    assert b'dir="rtl"' in page.content and b'class="site-header"' in page.content
    response = client.post(confirm_url)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified


def test_signup_bad_input_keeps_what_was_typed(client, db):
    response = client.post(
        "/accounts/signup/",
        {"email": "not-an-email", "username": "sara", "password1": PASSWORD, "password2": "other", "display_name": "x" * 61},
    )
    assert response.status_code == 400  # a form with errors answers 400 (forum.middleware, for allauth too)
    assert b'value="sara"' in response.content
    assert b"field-error" in response.content
    assert not User.objects.filter(username="sara").exists()


def test_unverified_user_cannot_log_in(client, db):
    user = User.objects.create_user(username="newbie", email="newbie@example.org", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    response = log_in(client, "newbie")
    assert response["Location"] == "/accounts/confirm-email/"
    assert client.get("/me/").status_code == 302


# --- log in and out ---------------------------------------------------------------------------------


@pytest.mark.parametrize("login", ["alice", "alice@example.org"])
def test_login_by_username_or_email(client, alice, login):
    response = log_in(client, login)
    assert response.status_code == 302
    me = client.get("/me/")
    assert me.status_code == 200
    assert "Alice" in me.content.decode()


def test_login_wrong_password_says_so(client, alice):
    response = log_in(client, "alice", "wrong password here")
    assert response.status_code == 400
    assert b"form-errors" in response.content
    assert client.get("/me/").status_code == 302


def test_logout_is_a_post(client, alice):
    log_in(client, "alice")
    page = client.get("/accounts/logout/")  # a confirmation page, still signed in
    assert page.status_code == 200
    assert client.get("/me/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/me/").status_code == 302


# --- password reset ------------------------------------------------------------------------------


def test_password_reset_by_email(client, alice):
    response = client.post("/accounts/password/reset/", {"email": "alice@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    reset_url = link_in(mail.outbox[0])
    page = client.get(reset_url, follow=True)  # allauth moves the key into the session and redirects
    assert page.status_code == 200
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else reset_url
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    client.logout()
    assert log_in(client, "alice", NEW_PASSWORD).status_code == 302
    assert client.get("/me/").status_code == 200


def test_password_reset_does_not_reveal_unknown_addresses(client, db):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302  # same answer as for a known address
    assert len(mail.outbox) == 1  # allauth tells the address owner no account exists (enumeration prevention)
    assert "/accounts/password/reset/key/" not in mail.outbox[0].body


def test_password_change(client, alice):
    log_in(client, "alice")
    response = client.post(
        "/accounts/password/change/", {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)


# --- two-factor authentication ------------------------------------------------------------------


def reauthenticate(client, url):
    """allauth asks for the password again before 2FA changes; answer on its page, in the site's frame."""
    response = client.get(url)
    if response.status_code == 302 and response["Location"].startswith("/accounts/reauthenticate/"):
        page = client.get(response["Location"])
        assert page.status_code == 200 and b'class="site-header"' in page.content
        again = client.post(response["Location"], {"password": PASSWORD})
        assert again.status_code == 302 and again["Location"] == url
        response = client.get(url)
    return response


def activate_totp(client) -> str:
    page = reauthenticate(client, "/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    html = page.content.decode()
    secret = page.context["form"].secret
    assert secret in html  # shown as text for people who cannot scan
    assert "<svg" in html and "data:image" not in html  # the QR code inline, not as a CSP-blocked data: URL
    response = client.post("/accounts/2fa/totp/activate/", {"code": totp_now(secret)})
    assert response.status_code == 302, response.content.decode()[-3000:]
    return secret


def test_totp_activation_and_login_asks_for_the_code(client, alice):
    log_in(client, "alice")
    secret = activate_totp(client)
    assert Authenticator.objects.filter(user=alice, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(user=alice, type=Authenticator.Type.RECOVERY_CODES).exists()
    index = client.get("/accounts/2fa/")
    assert index.status_code == 200 and b'class="site-header"' in index.content
    assert client.get("/accounts/2fa/recovery-codes/").status_code == 200

    client.post("/accounts/logout/")
    response = log_in(client, "alice")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/me/").status_code == 302  # not signed in before the code
    page = client.get("/accounts/2fa/authenticate/")
    assert page.status_code == 200 and b'dir="rtl"' in page.content

    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000" if totp_now(secret) != "000000" else "111111"})
    assert wrong.status_code == 400 and b"field-error" in wrong.content
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_now(secret)})
    assert response.status_code == 302
    assert client.get("/me/").status_code == 200


def test_totp_activation_with_a_wrong_code_changes_nothing(client, alice):
    log_in(client, "alice")
    page = reauthenticate(client, "/accounts/2fa/totp/activate/")
    secret = page.context["form"].secret
    response = client.post("/accounts/2fa/totp/activate/", {"code": "12345"})
    assert response.status_code == 400
    assert b"field-error" in response.content
    assert page.context["form"].secret == secret
    assert not Authenticator.objects.filter(user=alice).exists()


def test_totp_activation_needs_a_recent_login(client, alice):
    client.force_login(alice)
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    page = client.get(response["Location"])
    assert page.status_code == 200 and b'class="site-header"' in page.content


def test_totp_deactivate(client, alice):
    log_in(client, "alice")
    activate_totp(client)
    page = reauthenticate(client, "/accounts/2fa/totp/deactivate/")
    assert page.status_code == 200
    assert client.post("/accounts/2fa/totp/deactivate/").status_code == 302
    assert not Authenticator.objects.filter(user=alice, type=Authenticator.Type.TOTP).exists()


# --- the pages in the site's frame, in both languages ---------------------------------------------

ENTRANCE = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/confirm-email/",
]
MANAGE = ["/accounts/email/", "/accounts/password/change/", "/accounts/2fa/", "/accounts/logout/", "/me/"]


@pytest.mark.parametrize("url", ENTRANCE)
def test_entrance_pages_in_persian_and_english(client, db, url):
    fa = client.get(url)
    assert fa.status_code == 200
    html = fa.content.decode()
    assert '<html lang="fa" dir="rtl">' in html
    assert 'class="site-header"' in html and 'id="main"' in html
    assert "<script>" not in html and "style=" not in html
    client.cookies["hamgami_language"] = "en"
    en = client.get(url)
    assert '<html lang="en" dir="ltr">' in en.content.decode()


@pytest.mark.parametrize("url", MANAGE)
def test_manage_pages_in_persian_and_english(client, alice, url):
    log_in(client, "alice")
    fa = client.get(url)
    assert fa.status_code == 200
    html = fa.content.decode()
    assert '<html lang="fa" dir="rtl">' in html and 'class="site-header"' in html
    assert "<script>" not in html and "style=" not in html
    client.cookies["hamgami_language"] = "en"
    en = client.get(url).content.decode()
    assert '<html lang="en" dir="ltr">' in en


def test_login_page_is_in_persian(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert "ورود" in html


# --- profile ---------------------------------------------------------------------------------------


def test_profile_it_works(client, alice, org_b):
    from accounts.models import Membership

    Membership.objects.create(user=alice, organization=org_b)  # pending
    log_in(client, "alice")
    page = client.get("/me/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "سازمان الف" in html and "سازمان ب" in html
    for url in ("/accounts/email/", "/accounts/password/change/", "/accounts/2fa/"):
        assert f'href="{url}"' in html
    response = client.post("/me/", {"display_name": "  آلیس  "})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.display_name == "آلیس"


def test_profile_bad_input(client, alice):
    client.force_login(alice)
    response = client.post("/me/", {"display_name": "ن" * 61})
    assert response.status_code == 400
    assert ("ن" * 61) in response.content.decode()
    alice.refresh_from_db()
    assert alice.display_name == "Alice"


def test_profile_checks_access(client, db):
    response = client.get("/me/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.post("/me/", {"display_name": "x"}).status_code == 302


def test_user_emails_are_never_shown_to_others(client, alice, rana):
    make_user("zed", display_name="Zed")
    html = client.get("/orgs/org-a/").content.decode()
    assert "alice@example.org" not in html and "rana@example.org" not in html
    assert "Alice" in html and "رعنا" in html
