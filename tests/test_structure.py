"""The structure carries the rules (issue 15): dependencies point one way, imports stay at the top,
and the writes that used to go around the actions now go through them.

The two linters run on a copy of the code so a planted cycle can be shown to fail them without
touching the working tree."""

import ast
import re
import datetime
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from threads.core import actions
from threads.following import search
from threads.following.models import Notification
from threads.moderation import actions as moderation
from threads.models import ModerationAction, Thread

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PACKAGES = ("forum", "accounts", "threads")
# Where an import inside a function is allowed (Django loads these at a chosen moment).
ALLOWED = ("apps.py", "settings.py", "/migrations/", "/management/commands/")


def _copy_tree(tmp_path: Path) -> Path:
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        pytest.skip(f"{name} is not installed in this environment (make install-dev installs it)")
    return str(path)


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [_tool("lint-imports"), "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=300,
        env={"PYTHONPATH": str(cwd), "PATH": str(BIN)},
    )


def _ruff(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [_tool("ruff"), "check", "--no-cache", *PACKAGES], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_the_layers_hold_and_a_planted_cycle_breaks_them(tmp_path):
    tree = _copy_tree(tmp_path)
    clean = _lint_imports(tree)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "1 kept, 0 broken" in clean.stdout

    # core reaching up into following: the kind of import the hooks replaced
    (tree / "threads" / "core" / "planted.py").write_text("from threads.following import actions  # noqa: F401\n")
    planted = _lint_imports(tree)
    assert planted.returncode != 0
    assert "threads.core is not allowed to import threads.following" in planted.stdout


def test_ruff_is_clean_and_refuses_an_import_inside_a_function(tmp_path):
    tree = _copy_tree(tmp_path)
    clean = _ruff(tree)
    assert clean.returncode == 0, clean.stdout + clean.stderr

    (tree / "threads" / "core" / "planted.py").write_text(
        '"""A cycle hidden the old way."""\n\n\ndef later():\n    from threads.following import actions\n\n    return actions\n'
    )
    planted = _ruff(tree)
    assert planted.returncode != 0
    assert "PLC0415" in planted.stdout


def test_no_function_level_import_of_project_modules():
    found = []
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            relative = path.relative_to(ROOT).as_posix()
            if any(part in f"/{relative}" for part in ALLOWED):
                continue
            for node in ast.walk(ast.parse(path.read_text(), relative)):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    for inner in ast.walk(node):
                        module = inner.module if isinstance(inner, ast.ImportFrom) else None
                        names = [a.name for a in inner.names] if isinstance(inner, ast.Import) else [module or ""]
                        if isinstance(inner, (ast.Import, ast.ImportFrom)) and any(
                            n.split(".")[0] in PACKAGES for n in names
                        ):
                            found.append(f"{relative}:{inner.lineno}")
    assert found == []


def test_threads_is_one_package_per_concern():
    for package in ("core", "live", "debates", "moderation", "following", "joint", "demo"):
        assert (ROOT / "threads" / package / "__init__.py").exists(), package
    flat = sorted(p.name for p in (ROOT / "threads").glob("*.py"))
    assert flat == ["__init__.py", "admin.py", "apps.py", "models.py", "urls.py"]


# --- writes that went around the actions -------------------------------------------------------------


def _changelist_action(client, model: str, action: str, ids):
    return client.post(
        reverse(f"admin:accounts_{model}_changelist"),
        {"action": action, "_selected_action": [str(i) for i in ids]},
        follow=True,
    )


def test_appointing_a_moderator_in_the_admin_is_logged(client, root, dave):
    client.force_login(root)
    response = _changelist_action(client, "user", "appoint_moderators", [dave.pk])
    assert response.status_code == 200
    dave.refresh_from_db()
    assert dave.is_moderator
    entry = ModerationAction.objects.get(action=ModerationAction.Kind.APPOINT)
    assert entry.actor == root and entry.target_id == dave.pk

    _changelist_action(client, "user", "dismiss_moderators", [dave.pk])
    dave.refresh_from_db()
    assert not dave.is_moderator
    assert ModerationAction.objects.filter(action=ModerationAction.Kind.DISMISS_MODERATOR).count() == 1


def test_only_an_admin_appoints_even_from_the_admin(client, mona, dave):
    """A staff moderator who may open the people list still cannot appoint: the action says no."""
    User.objects.filter(pk=mona.pk).update(is_staff=True)
    mona.user_permissions.add(*Permission.objects.filter(codename__in=["view_user", "change_user"]))
    client.force_login(mona)
    response = _changelist_action(client, "user", "appoint_moderators", [dave.pk])
    assert "فقط مدیر کل می‌تواند ناظر تعیین کند." in response.content.decode()  # in the page's language
    dave.refresh_from_db()
    assert not dave.is_moderator and not ModerationAction.objects.exists()


def test_the_admin_change_form_cannot_set_roles_or_delete_people(client, root, dave):
    client.force_login(root)
    url = reverse("admin:accounts_user_change", args=[dave.pk])
    page = client.get(url).content.decode()
    assert 'name="is_moderator"' not in page and 'name="is_superuser"' not in page
    management = dict(re.findall(r'name="([\w-]+-(?:TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS)" value="(\d*)"', page))
    response = client.post(url, {**management, "display_name": "Dave R", "is_moderator": "on", "is_superuser": "on"})
    assert response.status_code == 302
    dave.refresh_from_db()
    assert dave.display_name == "Dave R" and not dave.is_moderator and not dave.is_superuser
    assert client.get(reverse("admin:accounts_user_delete", args=[dave.pk])).status_code == 403
    assert client.get(reverse("admin:threads_thread_changelist")).status_code == 200
    assert client.get(reverse("admin:threads_thread_add")).status_code == 403


def _writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def test_reading_the_moderation_log_writes_nothing_even_with_a_timer_due(client, mona, alice, area):
    thread = actions.create_thread(acting_user=alice, title="Timers", body="text", areas=[area])
    moderation.set_timer(
        acting_user=mona, thread=thread, action="lock", at=timezone.now() + datetime.timedelta(minutes=5)
    )
    Thread.objects.filter(pk=thread.pk).update(timer_at=timezone.now() - datetime.timedelta(minutes=1))
    client.force_login(mona)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("moderation_log")).status_code == 200
        assert client.get(reverse("moderation_queue")).status_code == 200
    assert _writes(queries.captured_queries) == []
    thread.refresh_from_db()
    assert not thread.is_locked  # the worker carries out due timers, not a page view


def test_moderation_notices_are_marked_read_by_post_not_by_reading(client, mona, alice, area):
    thread = actions.create_thread(acting_user=alice, title="Notices", body="text", areas=[area])
    moderation.hide_post(acting_user=mona, post=thread.posts.first(), reason="off topic")
    note = Notification.objects.get(user=alice, action__isnull=False)
    client.force_login(alice)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("moderation_notices"))
    assert page.status_code == 200 and _writes(queries.captured_queries) == []
    note.refresh_from_db()
    assert note.read_at is None
    assert client.post(reverse("moderation_notices")).status_code == 302
    note.refresh_from_db()
    assert note.read_at is not None


def test_a_moderators_edit_is_reindexed(mona, alice, area):
    thread = actions.create_thread(acting_user=alice, title="Redaction", body="call me at zzqphone555", areas=[area])
    post = thread.posts.first()
    assert list(search.search_posts(mona, "zzqphone555")) == [post]
    moderation.edit_post_as_moderator(acting_user=mona, post=post, body="call me [removed]", reason="private")
    assert list(search.search_posts(mona, "zzqphone555")) == []
    assert list(search.search_posts(mona, "removed")) == [post]
