"""Records hear when a debate concludes or a statement's record changes (connected in ThreadsConfig.ready)."""

from threads.debates import hooks as debate_hooks
from threads.joint import hooks as joint_hooks
from threads.records import tasks


def debate_concluded(*, debate, actor) -> None:
    tasks.enqueue_debate(debate)


def statement_record_changed(*, statement, why) -> None:
    tasks.enqueue_statement(statement, why)


def connect() -> None:
    debate_hooks.debate_concluded.connect(debate_concluded)
    joint_hooks.statement_record_changed.connect(statement_record_changed)
