"""Background work (threads/following/tasks.py): each periodic task does its work, a notification's email
goes through a task enqueued after the commit, the periodic schedule names real tasks, and the
worker (`manage.py worker`, django-dbtasks) runs what is enqueued and starts and stops on a signal.

The suite runs with TASKS_BACKEND=immediate (the DEBUG default): an enqueued task runs at once.
Where a test needs the queue itself it switches TASKS to Django's DummyBackend (nothing runs until
the test says so) or to django-dbtasks' DatabaseBackend with a runner in a thread.
"""

import json
import os
import selectors
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import CommandError, call_command
from django.tasks import TaskResultStatus, task_backends
from django.tasks.backends.dummy import DummyBackend
from django.utils import timezone
from django.utils.module_loading import import_string

from threads.core import actions
from threads.following import actions as following
from threads.moderation import actions as moderation
from threads.following import tasks
from threads.models import Notification, Thread
from tests.following.test_following import debate  # noqa: F401  (the fixture: a debate alice chairs, org A and B)

ROOT = Path(__file__).resolve().parent.parent.parent
T = 30  # seconds any wait may take at most


def production_tasks(**env) -> dict:
    """TASKS as forum/settings.py builds it under this environment (a fresh interpreter)."""
    script = "import json; from forum import settings as s; print(json.dumps({'TASKS': s.TASKS}, default=str))"
    clean = {k: v for k, v in os.environ.items() if k not in {"TASKS_BACKEND", "DEBUG"}}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=T
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["TASKS"]


# --- settings --------------------------------------------------------------------------------------


def test_the_backend_comes_from_the_environment():
    assert production_tasks(DEBUG="1")["default"]["BACKEND"].endswith("ImmediateBackend")  # tests, shell
    assert production_tasks(DEBUG="1", TASKS_BACKEND="database")["default"]["BACKEND"] == "dbtasks.backend.DatabaseBackend"
    production = production_tasks(DEBUG="0", SECRET_KEY="x" * 50, ALLOWED_HOSTS="forum.example.org")
    assert production["default"]["BACKEND"] == "dbtasks.backend.DatabaseBackend"


def test_the_periodic_schedule_names_real_tasks():
    periodic = production_tasks(DEBUG="1", TASKS_BACKEND="database")["default"]["OPTIONS"]["periodic"]
    assert periodic == {
        "threads.following.tasks.apply_thread_timers": "* * * * *",
        "threads.following.tasks.notify_deadlines": "* * * * *",
        "threads.following.tasks.purge_ip_records": "17 * * * *",
        "threads.following.tasks.send_digests": "0 6 * * *",
    }
    for path in periodic:
        assert import_string(path).module_path == path


def test_nonsense_backend_is_refused():
    script = "import forum.settings"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env={**os.environ, "DEBUG": "1", "TASKS_BACKEND": "celery"},
        capture_output=True, text=True, timeout=T,
    )
    assert result.returncode != 0 and "TASKS_BACKEND must be" in result.stderr


# --- each periodic task does its work ----------------------------------------------------------------


def test_thread_timer_task_applies_a_due_timer(mona, public_thread):
    moderation.set_timer(acting_user=mona, thread=public_thread, action="close", at=timezone.now() + timedelta(hours=1))
    assert tasks.apply_thread_timers.enqueue().return_value == 0  # not yet due
    Thread.objects.filter(pk=public_thread.pk).update(timer_at=timezone.now() - timedelta(seconds=1))
    result = tasks.apply_thread_timers.enqueue()
    assert result.status == TaskResultStatus.SUCCESSFUL and result.return_value == 1
    public_thread.refresh_from_db()
    assert public_thread.is_closed and not public_thread.timer_action


def test_deadline_task_tells_those_watching(alice, dave, debate):  # noqa: F811
    from threads.debates import actions as debate_actions

    following.follow(acting_user=dave, target=debate.thread, level="watching")
    debate_actions.move_phase(acting_user=alice, debate=debate, to_phase="opening", deadline=timezone.now() + timedelta(hours=2))
    assert tasks.notify_deadlines.enqueue().return_value == 1
    assert Notification.objects.filter(user=dave, kind="deadline").count() == 1
    assert tasks.notify_deadlines.enqueue().return_value == 0  # once per deadline


def test_purge_task_removes_expired_sessions(db):
    expired, current = SessionStore(), SessionStore()
    expired.create()
    current.create()
    Session.objects.filter(session_key=expired.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    result = tasks.purge_ip_records.enqueue()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert "1 expired sessions removed" in result.return_value
    assert list(Session.objects.values_list("session_key", flat=True)) == [current.session_key]


def test_digest_task_emails_the_daily_digest(bob, dave, public_thread, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        actions.create_post(acting_user=bob, thread=public_thread, body="for the digest @dave")
    assert mail.outbox == []  # the default is the daily digest
    assert tasks.send_digests.enqueue().return_value == 2  # dave (mentioned), alice (watches her thread)
    to = {m.to[0]: m.body for m in mail.outbox}
    assert to.keys() == {"dave@example.org", "alice@example.org"} and "for the digest" in to["dave@example.org"]
    assert tasks.send_digests.enqueue().return_value == 0  # nothing twice


# --- a notification's email goes through a task, after the commit ----------------------------------


@pytest.fixture
def queued_tasks(settings):
    """Tasks are enqueued and wait (Django's DummyBackend), as they wait for the worker in production."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]  # a new one: Django resets the backends when TASKS changes
    assert isinstance(backend, DummyBackend)
    yield backend
    backend.clear()


def test_notification_email_is_a_task_enqueued_after_commit(alice, bob, public_thread, queued_tasks,
                                                          django_capture_on_commit_callbacks):
    following.save_preferences(acting_user=alice, email="immediate", watch_when_posting=True, language="en")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        actions.create_post(acting_user=bob, thread=public_thread, body="hi @alice")
    assert queued_tasks.results == []  # nothing enqueued before the commit …
    for callback in callbacks:
        callback()  # … the commit
    [queued] = queued_tasks.results
    assert queued.task.module_path == "threads.following.actions.send_notification_emails"
    note = Notification.objects.get(user=alice)
    assert queued.args == [[note.pk]]
    assert mail.outbox == []  # the request is done and has sent nothing: the worker sends
    assert queued.task.call(*queued.args) == 1  # what the worker does
    assert [m.to for m in mail.outbox] == [["alice@example.org"]] and "hi @alice" in mail.outbox[0].body
    assert queued.task.call(*queued.args) == 0  # never twice
    note.refresh_from_db()
    assert note.emailed_at is not None


def test_nothing_is_enqueued_when_the_transaction_rolls_back(alice, bob, public_thread, queued_tasks,
                                                            django_capture_on_commit_callbacks):
    from django.db import transaction

    following.save_preferences(acting_user=alice, email="immediate", watch_when_posting=True, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            actions.create_post(acting_user=bob, thread=public_thread, body="hi @alice")
            raise RuntimeError("rolled back")
    assert queued_tasks.results == [] and mail.outbox == []


def test_with_the_immediate_backend_the_email_goes_at_commit(alice, bob, public_thread, django_capture_on_commit_callbacks):
    following.save_preferences(acting_user=alice, email="immediate", watch_when_posting=True, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        actions.create_post(acting_user=bob, thread=public_thread, body="hi @alice")
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]


# --- the worker ------------------------------------------------------------------------------------


class RunnerThread:
    """django-dbtasks' runner (what `manage.py worker` runs) in a thread of the test process."""

    def __init__(self):
        from dbtasks.runner import Runner

        self.runner = Runner(workers=2, worker_id="test-worker", loop_delay=0.05)
        self.thread = threading.Thread(target=self.runner.run, name="test-worker")

    def start(self):
        self.thread.start()
        assert self.runner.ready.wait(T), "the runner did not start"
        return self.runner

    def stop(self):
        if self.thread.is_alive():
            self.runner.stop()
            assert self.runner.finished.wait(T), "the runner did not stop"
            self.thread.join(T)


@pytest.fixture
def worker_thread(settings):
    """The runner on the schedule forum/settings.py gives production, not yet started.

    The SQLite test database is shared in memory between threads, where a write that meets another
    thread's transaction fails at once ("database table is locked") instead of waiting: so a test
    writes before the runner starts, waits for its event while it runs, and reads after it stopped.
    """
    settings.TASKS = production_tasks(DEBUG="1", TASKS_BACKEND="database")
    settings.TASKS["default"]["OPTIONS"].pop("retain")  # a str after JSON; finished tasks are kept here
    worker = RunnerThread()
    yield worker
    worker.stop()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # as the suite's other threaded tests
def test_the_worker_sends_the_email_and_schedules_the_periodic_work(worker_thread, alice, bob, public_thread):
    from dbtasks.models import ScheduledTask

    following.save_preferences(acting_user=alice, email="immediate", watch_when_posting=True, language="en")
    actions.create_post(acting_user=bob, thread=public_thread, body="hi @alice")  # autocommit: enqueued at once
    queued = ScheduledTask.objects.get(task_path="threads.following.actions.send_notification_emails")
    assert queued.status == TaskResultStatus.READY and mail.outbox == []  # waiting for the worker
    done = threading.Event()
    worker_thread.runner.waiting[queued.task_id] = done  # set by the runner when the task has run
    runner = worker_thread.start()
    assert done.wait(T), "the worker did not run the task"
    worker_thread.stop()
    queued.refresh_from_db()
    assert queued.status == TaskResultStatus.SUCCESSFUL and queued.return_value == 1
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
    scheduled = ScheduledTask.objects.filter(periodic=True, status=TaskResultStatus.READY)
    assert sorted(scheduled.values_list("task_path", flat=True)) == sorted(runner.periodic)
    assert all(timezone.now() - timedelta(minutes=1) < t.run_after <= timezone.now() + timedelta(days=1) for t in scheduled)


def test_worker_refuses_without_the_database_backend():
    with pytest.raises(CommandError, match="TASKS_BACKEND=database"):
        call_command("worker")


@pytest.fixture(scope="module")
def worker_env(tmp_path_factory):
    """A migrated SQLite database of its own, and the environment `make run` gives the worker."""
    database = tmp_path_factory.mktemp("worker") / "worker.sqlite3"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update({"DEBUG": "1", "TASKS_BACKEND": "database", "DATABASE_URL": f"sqlite:///{database}", "PYTHONUNBUFFERED": "1"})
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True, timeout=120)
    return env


def read_until(process: subprocess.Popen, text: str, timeout: float = T) -> str:
    """The worker's output up to the line containing `text`; fails after `timeout` seconds."""
    seen = []
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while (left := deadline - time.monotonic()) > 0:
            if not selector.select(left):
                break
            line = process.stdout.readline()
            if not line:
                break  # the worker ended
            seen.append(line)
            if text in line:
                return "".join(seen)
    raise AssertionError(f"no {text!r} from the worker within {timeout} s:\n{''.join(seen)}")


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_worker_command_starts_and_stops_on_a_signal(worker_env, stop_signal):
    process = subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--worker-id", f"test-{stop_signal.name}"],
        cwd=ROOT, env=worker_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        assert "ready: 4 periodic task(s)" in read_until(process, "ready")
        process.send_signal(stop_signal)
        assert "stopped" in read_until(process, "stopped")
        assert process.wait(T) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(T)
