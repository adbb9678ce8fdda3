"""Translations hear core and accounts (connected in ThreadsConfig.ready): an edited original
outdates them; a person's data export includes what they translated."""

from accounts import hooks as account_hooks
from threads.core import hooks as core_hooks
from threads.translations import actions, export


def post_edited(*, post, editor, redacted) -> None:
    actions.mark_outdated(post, editor=editor)


def connect() -> None:
    core_hooks.post_edited.connect(post_edited, order=40)  # before following reindexes the post
    account_hooks.data_export.connect(export.export_sections)
