"""The background task that makes a record's files, and what the actions call to enqueue it after
their commit (django.tasks: the worker runs it with TASKS_BACKEND=database, at once with
immediate). Its arguments are ids and an ISO time, never objects."""

import datetime
import logging

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from threads.debates.models import Debate
from threads.joint.models import Statement
from threads.records import store

log = logging.getLogger(__name__)


@task
def generate_record(kind: str, pk: int, reason: str, since: str | None = None) -> int | None:
    """Make the files of a debate's (kind "debate", the Debate's id) or a statement's record;
    nothing when a generation made since `since` is already there. Returns the generation made."""
    model = Debate if kind == "debate" else Statement
    subject = model.objects.filter(pk=pk).first()
    if subject is None:
        return None
    return store.generate(subject, reason=reason, since=datetime.datetime.fromisoformat(since) if since else None)


def _enqueue(kind: str, pk: int, reason: str, since: datetime.datetime) -> None:
    try:
        generate_record.enqueue(kind, pk, reason, since.isoformat())
    except Exception:  # the action stands; the record is then made on its first request
        log.exception("Could not enqueue the %s record %s", kind, pk)


def enqueue_debate(debate: Debate, reason: str = "concluded") -> None:
    """Called inside the conclude action's transaction: the files are made after it commits."""
    since = timezone.now()
    transaction.on_commit(lambda: _enqueue("debate", debate.pk, reason, since))


def enqueue_statement(statement: Statement, reason: str) -> None:
    """Called inside the publish / correct / late-signature transaction."""
    since = timezone.now()
    transaction.on_commit(lambda: _enqueue("statement", statement.pk, reason, since))
