"""Following hears of what happens below it (connected in ThreadsConfig.ready): every new or
edited post is indexed for search and notified (a held one once approved), debates and edited events tell their watchers, moderation tells the
person it touched, a deleted account leaves no follows behind, an export includes what is theirs."""

from django.db.models import OuterRef, Subquery

from accounts import hooks as account_hooks
from threads.core import hooks as core_hooks
from threads.debates import hooks as debate_hooks
from threads.following import actions, application_notices, export
from threads.joint import hooks as joint_hooks
from threads.following.models import (
    FollowPreferences,
    Notification,
    ReadState,
    Subscription,
)
from threads.moderation import hooks as moderation_hooks


def thread_created(*, thread, opening) -> None:
    actions.after_thread_created(thread, opening)


def post_created(*, post) -> None:
    actions.after_post_created(post)


def post_edited(*, post, editor, redacted) -> None:
    actions.after_post_edited(post)


def thread_retitled(*, thread, old_title) -> None:
    actions.after_thread_retitled(thread)


def post_approved(*, post, actor) -> None:
    actions.after_post_approved(post)


def phase_changed(*, debate, actor, changed) -> None:
    actions.after_phase_changed(debate, actor=actor, changed=changed)


def position_published(*, position, actor) -> None:
    actions.after_position_published(position, actor=actor)


def gathering_edited(*, gathering, actor, changed) -> None:
    actions.after_gathering_edited(gathering, actor=actor, changed=changed)


def moderation_recorded(*, entry, subject) -> None:
    actions.notify_moderation(user=subject, action=entry)


def reader_position(*, user) -> dict:
    """Where the reader stopped in the thread being read, in the thread's own query."""
    position = ReadState.objects.filter(user=user, thread=OuterRef("pk")).values("last_read_post_id")[:1]
    return {"reader_last_read": Subquery(position)}


def organization_applied(*, organization) -> None:
    application_notices.application_received(organization)


def forget_account(*, user, old_names=()) -> None:
    for model in (Subscription, FollowPreferences, ReadState, Notification):
        model.objects.filter(user=user).delete()


def connect() -> None:
    core_hooks.thread_created.connect(thread_created)
    core_hooks.post_created.connect(post_created)
    core_hooks.post_edited.connect(post_edited)
    core_hooks.thread_retitled.connect(thread_retitled)
    core_hooks.reader_thread_annotations.connect(reader_position)
    debate_hooks.phase_changed.connect(phase_changed)
    debate_hooks.position_published.connect(position_published)
    debate_hooks.chair_named.connect(actions.ask_organizations_about_chair)
    debate_hooks.chair_accepted.connect(actions.tell_chair_accepted)
    moderation_hooks.moderation_recorded.connect(moderation_recorded)
    joint_hooks.gathering_edited.connect(gathering_edited)
    moderation_hooks.post_approved.connect(post_approved)
    account_hooks.account_deleted.connect(forget_account)
    account_hooks.data_export.connect(export.export_sections)
    account_hooks.organization_applied.connect(organization_applied)
