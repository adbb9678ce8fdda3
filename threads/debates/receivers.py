"""What a debate decides about a reply before core writes it, and what it adds to a person's
export: the ledger point wordings they wrote (connected in ThreadsConfig.ready)."""

from accounts import hooks as account_hooks
from threads.core import hooks as core_hooks
from threads.debates import actions, export


def check_reply(*, reply) -> None:
    """The quote (a point or a position of this debate, and agreeing or not) and what the phase
    allows. Runs inside the reply's transaction: a quoted point or position is read under the debate's lock."""
    reply.quoted_point, reply.quoted_position, reply.agreement = actions.clean_quote(
        reply.thread, reply.quote, reply.agreement, seen_wording=reply.seen_wording
    )
    actions.check_post_allowed(
        reply.acting_user, reply.thread, reply.on_behalf_of, reply.body,
        reply_to=reply.reply_to, quoted_position=reply.quoted_position,
    )


def connect() -> None:
    core_hooks.checking_reply.connect(check_reply, order=10)
    account_hooks.data_export.connect(export.export_sections)
