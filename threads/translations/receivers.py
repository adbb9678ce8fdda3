"""Translations hear core (connected in ThreadsConfig.ready): an edited original outdates them."""

from threads.core import hooks as core_hooks
from threads.translations import actions


def post_edited(*, post, editor, redacted) -> None:
    actions.mark_outdated(post, editor=editor)


def connect() -> None:
    core_hooks.post_edited.connect(post_edited, order=40)  # before following reindexes the post
