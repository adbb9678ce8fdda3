"""The main pages are valid HTML in both languages (issue 18), by the Nu Html Checker (vnu.jar).

vnu comes from npm (tests/html_validator/package.json pins `vnu-jar`; `.ci/run` installs it into
tests/html_validator/node_modules, ignored by git) and runs on the system java. Without either the
test is skipped with the reason. Pages are rendered by the test client over the demo data, written
to files and checked in one java run; the bar is 0 errors."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from accounts.models import Organization
from threads.models import Area, Debate, Gathering, Statement, Thread

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "tests/html_validator/node_modules/vnu-jar/build/dist/vnu.jar"


def _checker() -> list[str]:
    java = shutil.which("java")
    if not java:
        pytest.skip("the HTML validator needs java on the PATH (apt-get install -y default-jre-headless)")
    if not VNU.exists():
        pytest.skip(f"the HTML validator needs vnu.jar at {VNU} (cd tests/html_validator && npm install)")
    return [java, "-Xss1m", "-jar", str(VNU), "--errors-only", "--format", "json", "--exit-zero-always"]


@pytest.fixture
def demo(db, settings, monkeypatch):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    with override_settings(DEBUG=True):
        call_command("seed_demo", verbosity=0)


def _pages() -> dict[str, str]:
    area = Area.objects.order_by("number").first()
    thread = Thread.objects.filter(kind=Thread.Kind.DISCUSSION, visibility=Thread.Visibility.PUBLIC).order_by("pk").first()
    debate = Debate.objects.filter(thread__visibility=Thread.Visibility.PUBLIC).order_by("pk").first()
    org = Organization.objects.filter(status=Organization.Status.ADMITTED).order_by("pk").first()
    gathering = Gathering.objects.order_by("pk").first()
    statement = Statement.objects.filter(status=Statement.Status.PUBLISHED).order_by("pk").first()
    return {
        "home": reverse("home"),
        "area": area.get_absolute_url(),
        "thread": thread.get_absolute_url(),
        "debate": debate.thread.get_absolute_url(),
        "ledger": reverse("debate_area_ledger", args=[area.slug]),
        "crux_map": reverse("debate_crux_map"),
        "organizations": reverse("org_list"),
        "organization": org.get_absolute_url(),
        "calendar": reverse("calendar"),
        "event": gathering.get_absolute_url(),
        "event history": reverse("gathering_history", args=[gathering.pk]),
        "statement": statement.get_absolute_url(),
        "search": reverse("search") + "?q=%D8%AA%D8%B4%DA%A9%D9%84",
        "login": reverse("account_login"),
        "signup": reverse("account_signup"),
        "404": "/no-such-page/",
    }


def test_main_pages_are_valid_html_in_both_languages(client, demo, tmp_path):
    command = _checker()
    files = {}
    for name, url in _pages().items():
        for language in ("fa", "en"):
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=language, follow=True)
            assert response.status_code in (200, 404), (name, language, response.status_code)
            path = tmp_path / f"{name}-{language}.html"
            path.write_bytes(response.content)
            files[str(path)] = f"{name} ({language})"
    result = subprocess.run([*command, *files], capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [
        f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))}:{m.get('lastLine')}: {m.get('message')} "
        f"[{m.get('extract', '').strip()[:80]}]"
        for m in messages if m.get("type") == "error"
    ]
    assert not errors, f"{len(errors)} validator errors:\n" + "\n".join(errors[:60])
