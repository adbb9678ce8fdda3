"""Background work through django.tasks: the notification emails and the periodic work.

Each task calls the same function as the management command of its name, so the work can still be
done by hand (`manage.py apply_thread_timers`, …). With TASKS_BACKEND=database (production, `make run`)
the worker (`manage.py worker`, django-dbtasks) runs what is enqueued and the periodic tasks on the
schedule in forum/settings.py (TASKS["default"]["OPTIONS"]["periodic"]); with TASKS_BACKEND=immediate
(the DEBUG default, the tests) an enqueued task runs at once and nothing runs by itself.

Tasks change nothing themselves: they call the action and delivery functions, which check, write
in their own transactions and publish their events as for a request. Their arguments are ids (JSON),
never the objects, and nothing that names a person or an address.
"""

from io import StringIO

from django.core.management import call_command
from django.tasks import task

from threads.following import actions as following
from threads.moderation import actions as moderation

# The emails' task lives beside the delivery that enqueues it; named here with the periodic ones.
send_notification_emails = following.send_notification_emails


@task
def apply_thread_timers() -> int:
    """Thread timers (close, reopen, lock, unlock) whose time has come: every minute."""
    return moderation.apply_due_timers()


@task
def notify_deadlines() -> int:
    """Tell those watching a debate that its phase ends within a day, once per deadline: every minute."""
    return following.notify_deadlines()


@task
def purge_ip_records() -> str:
    """Rate-limit records keyed on (hashed) client addresses and expired sessions: hourly. The command
    holds the logic; its one-line report is the task's result."""
    out = StringIO()
    call_command("purge_ip_records", stdout=out)
    return out.getvalue().strip()


@task
def send_digests() -> int:
    """The daily digest emails: once a day."""
    return following.send_digests()
