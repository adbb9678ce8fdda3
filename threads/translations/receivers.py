"""Translations hear core, debates, moderation and accounts (connected in ThreadsConfig.ready): an
edited original (a post, a revised position, a new draft of the summary, a reworded ledger point,
an event's new description) outdates them, and one
corrected for privacy (redacted) hides them and their history from all but moderators; a person's data
export includes what they translated; moderation's review queue shows flagged translations."""

from accounts import hooks as account_hooks
from threads.core import hooks as core_hooks
from threads.debates import hooks as debate_hooks
from threads.joint import hooks as joint_hooks
from threads.moderation import hooks as moderation_hooks
from threads.translations import actions, export, flag_queries, queries


def post_edited(*, post, editor, redacted) -> None:
    actions.mark_outdated(post, editor=editor)
    if redacted:  # corrected for privacy: its translations may hold the removed text
        actions.hide_for_redaction(post, actor=editor)


def position_revised(*, position, actor, redacted=False) -> None:
    actions.mark_outdated(position, editor=actor)
    if redacted:
        actions.hide_for_redaction(position, actor=actor)


def summary_drafted(*, summary, actor, redacted=False) -> None:
    actions.mark_outdated(summary, editor=actor)
    if redacted:
        actions.hide_for_redaction(summary, actor=actor)


def point_reworded(*, point, actor) -> None:
    actions.mark_outdated(point, editor=actor)


def gathering_edited(*, gathering, actor, changed) -> None:
    if "description" in changed:  # a new time or title leaves the translated description right
        actions.mark_outdated(gathering, editor=actor)


def texts_shown(*, texts) -> None:
    queries.attach_all(texts)


def connect() -> None:
    core_hooks.post_edited.connect(post_edited, order=40)  # before following reindexes the post
    debate_hooks.position_revised.connect(position_revised)
    debate_hooks.summary_drafted.connect(summary_drafted)
    debate_hooks.point_reworded.connect(point_reworded)
    joint_hooks.gathering_edited.connect(gathering_edited)
    debate_hooks.texts_shown.connect(texts_shown)
    account_hooks.data_export.connect(export.export_sections)
    moderation_hooks.review_queue_sections.connect(flag_queries.review_queue_section)  # flagged translations
    moderation_hooks.review_queue_item.connect(flag_queries.review_queue_item)  # one of them, live
