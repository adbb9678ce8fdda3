"""Fixtures for tests that need a real server: daphne on a free port against its own database.

Register with `pytest_plugins = ["tests.browser_support"]` in the test files that use them.

- `live_server_process`: a daphne process on a temporary SQLite database, migrated, with named
  people (alice, bob: members; dave: reader) and one public thread; yields a `Server` with its
  base URL and a `session_cookie(username)` helper that signs a browser in without the login form.
- `chromium`: the system Chromium through Playwright (never Playwright's own downloads); skips
  with a reason when /usr/bin/chromium is missing.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

SETUP_SCRIPT = """
import json
from allauth.account.models import EmailAddress
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from accounts.models import Membership, Organization, User
from threads.core import actions
from threads.models import Area

org_a = Organization.objects.create(slug="org-a", name_fa="سازمان الف", name_en="Organization A", status="admitted")
org_b = Organization.objects.create(slug="org-b", name_fa="سازمان ب", name_en="Organization B", status="admitted")
people = {}
for name, org in (("alice", org_a), ("bob", org_b), ("dave", None)):
    user = User.objects.create_user(username=name, email=f"{name}@example.org", password="correct horse battery staple",
                                    display_name=name.title())
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    if org:
        Membership.objects.create(user=user, organization=org, role="member", status="approved")
    people[name] = user
thread = actions.create_thread(acting_user=people["alice"], title="Live thread", body="Opening post",
                               areas=[Area.objects.get(number=1)])
sessions = {}
for name, user in people.items():
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    sessions[name] = store.session_key
print("SETUP" + json.dumps({"thread": thread.get_absolute_url(), "sessions": sessions}))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url: str, timeout: float = 180, process=None) -> None:
    """Until the server answers: daphne took 40 s to start on a loaded 2-core machine (30 s was the
    limit, and every test of the module errored); a server that exits fails at once."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status < 500:
                    return
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.1)
    raise TimeoutError(f"{url} did not answer in {timeout}s")


def start_daphne(env: dict, port: int, log_path: Path) -> subprocess.Popen:
    log = open(log_path, "ab")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(
        [str(ROOT / ".venv/bin/daphne"), "-b", "127.0.0.1", "-p", str(port), "forum.asgi:application"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Server:
    base_url: str
    thread_url: str
    sessions: dict
    env: dict
    processes: list = field(default_factory=list)

    def session_cookie(self, username: str) -> dict:
        return {"name": "sessionid", "value": self.sessions[username], "url": self.base_url}


def server_env(database_url: str, redis_url: str | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env.update({"DEBUG": "1", "DATABASE_URL": database_url, "HTTPS": "0", "PYTHONUNBUFFERED": "1"})
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def prepare_database(env: dict) -> dict:
    """Migrate and create the named people; returns {"thread": url, "sessions": {...}}."""
    python = str(ROOT / ".venv/bin/python")
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    out = subprocess.run(
        [python, "manage.py", "shell", "-c", SETUP_SCRIPT], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith("SETUP"))
    return json.loads(line[len("SETUP") :])


@contextmanager
def served_site(prefix: str, script: str, *, marker: str = "SETUP", demo: bool = False, extra_env=None):
    """daphne over a fresh SQLite database: migrated, with the demo data when `demo`, then `script`
    run by `manage.py shell`, which prints `marker` followed by JSON. Yields (base URL, that JSON).
    `extra_env(tmp)` may add variables, given the temporary folder (files the script reads)."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        env = server_env(f"sqlite:///{tmp}/db.sqlite3")
        if extra_env:
            env.update(extra_env(Path(tmp)))
        python = str(ROOT / ".venv/bin/python")
        subprocess.run([python, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
        if demo:
            subprocess.run([python, "manage.py", "seed_demo"], cwd=ROOT, env=env, check=True, capture_output=True)
        out = subprocess.run(
            [python, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        ).stdout
        data = json.loads(next(line for line in out.splitlines() if line.startswith(marker))[len(marker) :])
        port = free_port()
        process = start_daphne(env, port, Path(tmp) / "daphne.log")
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for_http(base + "/healthz", process=process)
            yield base, data
        finally:
            stop(process)


@pytest.fixture(scope="module")
def live_server_process():
    with tempfile.TemporaryDirectory(prefix="hamgami-live-") as tmp:
        env = server_env(f"sqlite:///{tmp}/db.sqlite3")
        setup = prepare_database(env)
        port = free_port()
        process = start_daphne(env, port, Path(tmp) / "daphne.log")
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for_http(base + "/healthz", process=process)
            yield Server(base, base + setup["thread"], setup["sessions"], env, [process])
        finally:
            stop(process)


@pytest.fixture(scope="module")
def chromium():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"browser tests need the system Chromium at {CHROMIUM} (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=120_000)  # a busy CI
        try:
            yield browser
        finally:
            browser.close()
