"""Translations hear core and accounts (connected in ThreadsConfig.ready): an edited original
outdates them; a person's data export includes what they translated; moderation's review queue
shows flagged translations."""

from accounts import hooks as account_hooks
from threads.core import hooks as core_hooks
from threads.moderation import hooks as moderation_hooks
from threads.translations import actions, export, flag_queries


def post_edited(*, post, editor, redacted) -> None:
    actions.mark_outdated(post, editor=editor)


def connect() -> None:
    core_hooks.post_edited.connect(post_edited, order=40)  # before following reindexes the post
    account_hooks.data_export.connect(export.export_sections)
    moderation_hooks.review_queue_sections.connect(flag_queries.review_queue_section)  # flagged translations
