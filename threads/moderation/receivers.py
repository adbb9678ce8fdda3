"""Moderation's part in what core and accounts do (connected in ThreadsConfig.ready): timers,
closed threads and slow mode before a reply; pre-moderation; the review queue; area moderators
of a deleted account."""

from accounts import hooks as account_hooks
from threads.core import hooks as core_hooks
from threads.moderation import actions
from threads.moderation.models import AreaModerator


def gate(*, acting_user, thread) -> None:
    actions.check_can_post_now(acting_user, thread)


def initial_state(*, reply) -> None:
    """New members' first replies and replies with many links wait for a moderator."""
    reply.state = actions.initial_post_state(reply.acting_user, reply.thread, reply.body)


def queue_new_post(*, post) -> None:
    if not post.is_visible:
        actions.publish_queue_item(post, "post.queued")


def forget_account(*, user, old_names=()) -> None:
    AreaModerator.objects.filter(user=user).delete()


def connect() -> None:
    core_hooks.reply_gate.connect(gate)
    core_hooks.checking_reply.connect(initial_state, order=90)  # after the debate's own checks
    core_hooks.post_created.connect(queue_new_post, order=90)
    account_hooks.account_deleted.connect(forget_account)
