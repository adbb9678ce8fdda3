"""Run the background work: what the site enqueues (notification emails) and the periodic tasks of
forum/settings.py (thread timers, deadline notices, the IP purge, the daily digest).

    manage.py worker [--threads N] [--worker-id NAME]

django-dbtasks' runner does the work; this command adds what a service needs around it: SIGTERM
(systemd) and SIGINT (Ctrl-C, also when `make run` starts it in the background, where SIGINT would
otherwise be ignored) both stop it cleanly, letting running tasks finish, and it says on stdout
when it is ready and when it has stopped. One worker per site: a second one started with the same
--worker-id while the first is alive refuses to start (dbtasks' DuplicateWorker).
Needs TASKS_BACKEND=database (the default without DEBUG; `make run` sets it).
"""

import platform
import signal
import threading

from django.core.management.base import BaseCommand, CommandError
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class Command(BaseCommand):
    help = "Run enqueued tasks and the periodic ones (thread timers, deadline notices, IP purge, digests)."

    def add_arguments(self, parser):
        parser.add_argument("--threads", type=int, default=2, help="tasks run at once (default 2)")
        parser.add_argument(
            "--worker-id", default=platform.node() or "hamgami",
            help="this worker's name in the database (default: the host name)",
        )

    def handle(self, *args, threads, worker_id, **options):
        from dbtasks.backend import DatabaseBackend
        from dbtasks.runner import DuplicateWorker, Runner

        backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
        if not isinstance(backend, DatabaseBackend):
            raise CommandError(
                f"The worker needs TASKS_BACKEND=database (tasks are now run by {type(backend).__name__}, "
                "in the process that enqueues them: there is nothing for a worker to do)."
            )
        runner = Runner(workers=threads, worker_id=worker_id)

        def stop(signum, frame):
            runner.stop()  # the loop ends within a second; running tasks finish first

        for signum in STOP_SIGNALS:
            signal.signal(signum, stop)

        def announce():
            runner.ready.wait()
            if not runner.stopsign.is_set():
                self.stdout.write(f"Worker {worker_id} ready: {len(runner.periodic)} periodic task(s), {threads} thread(s).")
                self.stdout.flush()

        threading.Thread(target=announce, daemon=True, name="worker-ready").start()
        try:
            runner.run()
        except DuplicateWorker:
            raise CommandError(
                f"A worker named {worker_id} is already running (or stopped less than a minute ago "
                "without saying so): start this one with another --worker-id, or try again in a minute."
            ) from None
        self.stdout.write(f"Worker {worker_id} stopped after {runner.processed} task(s).")
