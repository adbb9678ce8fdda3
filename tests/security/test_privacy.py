"""Privacy (issue 10, property 7): no raw address stored, emails never shown to other people, and
the purge command. No third-party request from any page: tests/test_browser_layout.py (Chromium
records every request) and the CSP of tests/test_security_headers.py."""

import pytest
from django.core.management import call_command
from django.test import RequestFactory

from accounts.adapter import AccountAdapter
from threads.core import actions

pytestmark = pytest.mark.django_db


def test_no_page_shows_another_persons_email(client, alice, bob, rana, mona, dave, root, org_a, org_b, public_thread, members_thread):
    actions.create_post(acting_user=bob, thread=public_thread, body="@alice a reply")
    pages = ["/", "/orgs/", f"/orgs/{org_a.slug}/", f"/orgs/{org_b.slug}/", public_thread.get_absolute_url(),
             members_thread.get_absolute_url(), "/search/?q=reply", "/feeds/", f"/feeds/threads/{public_thread.pk}/",
             "/moderation/log/", "/statements/", "/calendar.ics", f"/posts/{public_thread.posts.first().pk}/revisions/"]
    everyone = [alice, bob, rana, mona, dave, root]
    for viewer in [None, dave, bob, rana]:
        client.logout()
        if viewer:
            client.force_login(viewer)
        for url in pages:
            html = client.get(url).content.decode().lower()
            for person in everyone:
                if person != viewer:
                    assert person.email.lower() not in html, f"{person.email} on {url} for {viewer}"


def test_the_client_address_is_hashed_before_allauth_sees_it(settings):
    adapter = AccountAdapter()
    for ip in ("203.0.113.7", "2001:db8::1"):
        request = RequestFactory().get("/", REMOTE_ADDR=ip)
        value = adapter.get_client_ip(request)
        assert ip not in value and value.startswith("ip-")
    same_household = [adapter.get_client_ip(RequestFactory().get("/", REMOTE_ADDR=ip)) for ip in ("2001:db8::1", "2001:db8::2")]
    assert same_household[0] == same_household[1]


def test_no_model_stores_an_address():
    from django.apps import apps
    from django.db import models

    for model in apps.get_models():
        if model._meta.app_label in ("accounts", "threads"):
            for field in model._meta.get_fields():
                assert not isinstance(field, models.GenericIPAddressField), f"{model.__name__}.{field.name}"
                assert "ip" not in field.name.split("_"), f"{model.__name__}.{field.name}"


def test_purge_ip_records_runs(capsys):
    call_command("purge_ip_records")
    assert "removed" in capsys.readouterr().out
