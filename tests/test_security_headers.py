"""The security baseline on every page, and production settings that `check --deploy` accepts."""

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


@pytest.fixture
def pages(public_thread, members_thread, org_a, area):
    """Pages of every kind, as a visitor and as a member would load them."""
    return [
        "/",
        f"/areas/{area.slug}/",
        public_thread.get_absolute_url(),
        "/orgs/",
        org_a.get_absolute_url(),
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/healthz",
        "/no-such-page/",
        members_thread.get_absolute_url(),  # 404 for a visitor, the page for a member
        "/threads/new/",
    ]


def assert_baseline(response, url):
    csp = response.headers.get("Content-Security-Policy")
    assert csp, f"{url}: no Content-Security-Policy"
    directives = csp_directives(csp)
    assert directives.get("default-src") == ["'self'"], url
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, url
    assert directives.get("frame-ancestors") == ["'none'"], url
    assert directives.get("base-uri") == ["'none'"], url
    assert directives.get("form-action") == ["'self'"], url
    assert directives.get("object-src") == ["'none'"], url
    for name, sources in directives.items():
        assert all(s.startswith("'") for s in sources), f"{url}: {name} allows another origin: {sources}"
    assert response.headers.get("X-Content-Type-Options") == "nosniff", url
    assert response.headers.get("Referrer-Policy") == "same-origin", url
    assert "camera=()" in response.headers.get("Permissions-Policy", ""), url
    assert response.headers.get("X-Frame-Options") == "DENY", url


def test_every_page_carries_the_headers_for_a_visitor(client, pages):
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 302, 404), url
        assert_baseline(response, url)


def test_every_page_carries_the_headers_for_a_member(client, alice, pages):
    client.force_login(alice)
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 302, 404), url
        assert_baseline(response, url)


def test_no_inline_script_or_handler_on_pages(client, pages):
    for url in pages:
        html = client.get(url).content.decode().lower()
        for handler in (" onclick=", " onload=", " onerror=", " onsubmit=", "javascript:"):
            assert handler not in html, f"{url}: {handler}"
        for chunk in html.split("<script")[1:]:
            assert "src=" in chunk.split(">", 1)[0], f"{url}: inline <script>"


def production_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "HTTPS"}}
    env.update(DEBUG="0", ALLOWED_HOSTS="example.org", DJANGO_SETTINGS_MODULE="forum.settings", **extra)
    return env


def random_secret() -> str:
    alphabet = string.ascii_letters + string.digits + string.punctuation.replace("'", "").replace('"', "")
    return "".join(secrets.choice(alphabet) for _ in range(50))


def test_check_deploy_reports_nothing_in_production():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(SECRET_KEY=random_secret()),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout, result.stdout + result.stderr


@pytest.mark.parametrize("secret", [None, "", "dev-only-insecure-key-never-use-in-production"])
def test_production_refuses_to_start_without_its_own_secret_key(secret):
    extra = {} if secret is None else {"SECRET_KEY": secret}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=production_env(**extra),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
