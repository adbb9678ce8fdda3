"""Headers on every kind of response (issue 10, property 2), beyond the pages of
tests/test_security_headers.py (which also runs `check --deploy` with production settings):
errors, feeds, calendars, health and static files, and the production cookie flags."""

import pytest

from tests.test_security_headers import assert_baseline

pytestmark = pytest.mark.django_db


def test_every_kind_of_response_carries_the_headers(client, public_thread, area, alice, settings):
    settings.DEBUG = False  # Django's own 404 page in DEBUG is not what production serves
    urls = ["/feeds/", f"/feeds/threads/{public_thread.pk}/", "/statements/feed/", "/calendar.ics",
            f"/calendar/areas/{area.slug}.ics", "/healthz", "/no-such-page/",
            "/threads/99999/", "/threads/new/"]
    for url in urls:
        response = client.get(url)
        assert_baseline(response, url)
    # Static files (whitenoise answers before the CSP middleware): nosniff and the referrer policy;
    # a CSP on them too is left to do (WHITENOISE_ADD_HEADERS_FUNCTION), see docs/security.md.
    static = client.get("/static/css/site.css")
    assert static.headers.get("X-Content-Type-Options") == "nosniff"
    assert static.headers.get("Referrer-Policy") == "same-origin"
    client.force_login(alice)
    response = client.post(f"/moderation/posts/{public_thread.posts.first().pk}/", {})  # 403/404 for a member
    assert_baseline(response, "moderation POST")
    csrf_client = client.__class__(enforce_csrf_checks=True)
    assert_baseline(csrf_client.post("/accounts/login/", {}), "CSRF failure")


def test_production_cookie_and_transport_settings():
    import subprocess
    import sys

    from tests.test_security_headers import ROOT, production_env, random_secret

    code = ("from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
            "s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_SSL_REDIRECT)")
    out = subprocess.run([sys.executable, "-c", "import django; django.setup(); " + code], cwd=ROOT,
                         env=production_env(SECRET_KEY=random_secret()), capture_output=True, text=True, timeout=120)
    assert out.stdout.split() == ["True", "True", "True", "Lax", "True", "True"], out.stderr


def test_static_files_carry_the_csp_and_permissions_policy(client, settings):
    """whitenoise answers /static/ before the middleware: WHITENOISE_ADD_HEADERS_FUNCTION adds both."""
    # Tests run with DEBUG off and no collectstatic: serve from the finders, as `make run` does.
    settings.WHITENOISE_USE_FINDERS = settings.WHITENOISE_AUTOREFRESH = True
    client = client.__class__()  # a fresh handler, so whitenoise reads these settings
    page = client.get("/orgs/")
    for url in ("/static/css/site.css", "/static/js/live.js"):
        static = client.get(url)
        assert static.status_code == 200, url
        csp = static.headers.get("Content-Security-Policy", "")
        assert csp == page.headers["Content-Security-Policy"], url
        assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert static.headers.get("Permissions-Policy") == settings.PERMISSIONS_POLICY
        assert static.headers.get("X-Content-Type-Options") == "nosniff"
