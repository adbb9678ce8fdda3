"""Moderation actions: flags, the review queue, posts, threads and people (issue 5).

Every action checks permission inside, writes in one transaction together with its entry in the
public log (ModerationAction), notifies the author whose post or account it touches, and publishes
live events after commit. Every action has a reverse, also logged, whose `reverses` names it.
Acting on something another moderator already handled raises `AlreadyHandled` saying what
happened, and changes nothing.

Who moderates what:
- site-wide moderators and admins: everything but admitting organizations and appointing moderators
  (admins only);
- area moderators (AreaModerator): posts and threads carrying one of their areas;
- a debate's chair: the posts of their debate, its lock and its slow mode.

Thread timers are carried out by the worker every minute (threads/following/tasks.py) and when
someone posts in the thread; reading a page (the queue, the log) never carries them out: no GET
writes.
"""

import re
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access as people
from accounts import actions as account_actions
from accounts.models import Membership, Organization, User
from forum.errors import ActionRefused, Conflict, invalid, require
from threads.core import access, redaction
from threads.core import actions as thread_actions
from threads.core.events import publish_on_commit, send_to_user
from threads.core.models import Area, Post, Thread
from threads.moderation import hooks
from threads.moderation import queries as moderation_queries
from threads.moderation.access import (  # noqa: F401 - callers ask moderation.can_moderate_thread(…)
    can_moderate_areas_of,
    can_moderate_thread,
    is_active_person,
    is_any_moderator,
    is_chair_of,
    moderated_area_ids,
    moderated_threads_filter,
)
from threads.moderation.models import AreaModerator, Flag, HandledFlag, ModerationAction, Suspension

A = ModerationAction.Kind
QUEUE_STREAM = "moderation"
TIMER_ACTIONS = ("close", "reopen", "lock", "unlock")
LINK = re.compile(r"https?://|www\.", re.IGNORECASE)


class AlreadyHandled(Exception):
    """Someone else already did this (or it is already so); the message says what happened."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _limits() -> dict:
    return settings.HAMGAMI


def _require_post_moderator(user, post: Post) -> None:
    require(
        can_moderate_thread(user, post.thread),
        _("Only moderators (or the chair, in their debate) can do this."),
    )


def _require_thread_moderator(user, thread: Thread, *, chair: bool = False) -> None:
    allowed = can_moderate_thread(user, thread) if chair else can_moderate_areas_of(user, thread)
    require(allowed, _("Only moderators of this thread's cooperation areas can do this."))


# --- the log ----------------------------------------------------------------------------------


def _clean_reason(reason: str, *, required: bool, message: str | None = None) -> str:
    reason = " ".join((reason or "").split())[:500]
    if required and not reason:
        raise invalid(message or _("Give a reason; it is shown in the public moderation log."), "reason")
    return reason


def _last(target_type: str, target_id: int, kinds) -> ModerationAction | None:
    return (
        ModerationAction.objects.filter(target_type=target_type, target_id=target_id, action__in=list(kinds))
        .select_related("actor")
        .order_by("-created_at", "-pk")
        .first()
    )


def _who(entry: ModerationAction | None) -> str:
    if entry is None:
        return _("someone")
    return entry.actor.public_name if entry.actor_id else _("the system")


def _already(target_type: str, target_id: int, kinds, fallback: str) -> AlreadyHandled:
    """'Mona already hid a post: reason', from the log; the fallback when the log says nothing."""
    entry = _last(target_type, target_id, kinds)
    if entry is None:
        return AlreadyHandled(fallback)
    message = _("Already done: %(who)s %(what)s.") % {"who": _who(entry), "what": entry.get_action_display()}
    if entry.reason:
        message += " " + _("Reason: %(reason)s") % {"reason": entry.reason}
    return AlreadyHandled(message)


def record(
    *,
    actor,
    action: str,
    target,
    thread: Thread | None = None,
    post: Post | None = None,
    subject=None,
    areas=None,
    reason: str = "",
    reverses: ModerationAction | None = None,
    data: dict | None = None,
    notify: bool = True,
) -> ModerationAction:
    """Write one log entry (inside the caller's transaction) and notify the person acted on."""
    target_type = {Post: "post", Thread: "thread", User: "user", Organization: "organization", Membership: "membership"}[
        type(target)
    ]
    entry = ModerationAction.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=target_type,
        target_id=target.pk,
        thread=thread,
        post=post,
        subject=subject,
        reason=reason,
        reverses=reverses,
        members_only=bool(thread is not None and thread.is_members_only),
        data=data or {},
    )
    if areas is None and thread is not None:
        areas = list(thread.areas.all())
    if areas:
        entry.areas.set(areas)
    if notify and subject is not None and (actor is None or subject.pk != actor.pk):
        hooks.moderation_recorded.send(entry=entry, subject=subject)  # following: the bell and email
    return entry


def _reversing(target_type: str, target_id: int, kinds) -> ModerationAction | None:
    """The latest not-yet-reversed action of these kinds on the target: what a reverse undoes."""
    entry = (
        ModerationAction.objects.filter(target_type=target_type, target_id=target_id, action__in=list(kinds))
        .order_by("-created_at", "-pk")
        .first()
    )
    if entry is None or entry.reversed_by.exists():
        return None
    return entry


# --- live -------------------------------------------------------------------------------------


def _queue_item_renderer(post_id: int):
    def render(audience: str):
        if audience != people.MODERATOR:
            return None
        item = moderation_queries.queue_item(post_id)
        return render_to_string("moderation/_queue_post.html", {"item": item, "post_id": post_id, "live": True})

    return render


def publish_queue_item(post: Post, event: str) -> None:
    """Tell open review queues that a post's item changed (flagged, queued, handled)."""
    publish_on_commit(QUEUE_STREAM, event, _queue_item_renderer(post.pk), {"post": post.pk})


def _section_item_renderer(section: str, item_id: int):
    def render(audience: str):
        if audience != people.MODERATOR:
            return None
        found = [html for html in hooks.review_queue_item.send(section=section, item_id=item_id) if html is not None]
        return found[0] if found else None

    return render


def publish_queue_section_item(*, section: str, item_id: int, event: str) -> None:
    """Tell open review queues that an item of a section a concern above adds (the
    `review_queue_sections` hook) changed: flagged or handled. Its owner renders it through the
    `review_queue_item` hook, as publish_queue_item renders a post's. Call inside the transaction."""
    publish_on_commit(QUEUE_STREAM, event, _section_item_renderer(section, item_id), {"section": section, "item": item_id})


def _publish_post(post: Post, event: str) -> None:
    thread_actions.publish_post(post, event)


def _publish_thread(thread: Thread) -> None:
    thread_actions.publish_thread_lists(thread, "thread.updated")


def _recount(*thread_ids: int) -> None:
    """Recompute the denormalized post count and latest activity of threads whose posts moved."""
    visible = Post.objects.filter(thread_id=OuterRef("pk"), state=Post.State.VISIBLE).values("thread_id")
    latest = Post.objects.filter(thread_id=OuterRef("pk")).values("thread_id")
    Thread.objects.filter(pk__in=thread_ids).update(
        post_count=Coalesce(Subquery(visible.annotate(n=Count("pk")).values("n")), 0),
        last_activity_at=Coalesce(Subquery(latest.annotate(m=Max("created_at")).values("m")), F("created_at")),
    )


def _locked_post(post: Post) -> Post:
    return Post.objects.select_for_update().select_related("thread", "author").get(pk=post.pk)


def _locked_thread(thread: Thread) -> Thread:
    return Thread.objects.select_for_update().get(pk=thread.pk)


# --- flags ------------------------------------------------------------------------------------


def flag_post(*, acting_user, post: Post, kind: str, note: str = "") -> Flag:
    """Report a post to the moderators; enough distinct flaggers hide it pending review."""
    require(acting_user.is_authenticated, _("Sign in to flag a post."))
    require(not people.restriction(acting_user), _("You cannot flag posts while your account is restricted."))
    require(access.can_read_thread(acting_user, post.thread), _("You cannot flag this post."))
    if kind not in Flag.Kind.values:
        raise invalid(_("Choose why you flag this post."), "kind")
    note = " ".join((note or "").split())[:500]
    if kind == Flag.Kind.OTHER and not note:
        raise invalid(_("Say in a few words what is wrong with the post."), "note")
    if post.author_id == acting_user.pk:
        raise invalid(_("You cannot flag your own post; edit it instead."), "kind")
    if not post.is_visible:
        raise AlreadyHandled(_("This post is already hidden or awaiting review; the moderators know of it."))
    if Flag.objects.filter(post=post, flagger=acting_user, status=Flag.Status.OPEN).exists():
        raise AlreadyHandled(_("You have already flagged this post; the moderators will look at it."))
    count_flag(acting_user)
    with transaction.atomic():
        post = _locked_post(post)
        flag = Flag.objects.create(post=post, flagger=acting_user, kind=kind, note=note)
        flaggers = Flag.objects.filter(post=post, status=Flag.Status.OPEN).values("flagger").distinct().count()
        threshold = _limits().get("FLAGS_TO_HIDE", 3)
        if threshold and flaggers >= threshold and post.is_visible:
            reason = _("Hidden pending review: flagged by %(count)d people.") % {"count": flaggers}
            _hide(post, actor=None, reason=reason, data={"auto": True, "flags": flaggers})
        publish_queue_item(post, "post.flagged")
    return flag


def count_flag(user) -> None:
    """Count one flag (of a post or, through translations, of a translation) against the hourly limit."""
    limit = _limits().get("FLAGS_PER_HOUR", 10)
    key = f"moderation:flags:{user.pk}:{int(timezone.now().timestamp()) // 3600}"
    cache.add(key, 0, timeout=3700)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3700)
        count = 1
    if count > limit:
        raise ActionRefused(
            _("You have flagged %(limit)d posts in the last hour, the most allowed; try again later.") % {"limit": limit}
        )


def handle_flags(flags, *, acting_user, uphold: bool) -> int:
    """Close flags (of any HandledFlag model) as upheld or dismissed by this moderator, now: the one
    place a flag's status, handled_by and handled_at are written. Callers check permission and hold
    the transaction; the number of flags closed."""
    status = HandledFlag.Status.UPHELD if uphold else HandledFlag.Status.DISMISSED
    return flags.update(status=status, handled_by=acting_user, handled_at=timezone.now())


def resolve_flags(*, acting_user, post: Post, uphold: bool, reason: str = "") -> ModerationAction:
    """Handle every open flag on a post: uphold (the post stays or becomes hidden) or dismiss
    (a post the flags hid automatically is shown again)."""
    _require_post_moderator(acting_user, post)
    reason = _clean_reason(reason, required=uphold, message=_("Say why the post is hidden; the reason is shown in its place."))
    with transaction.atomic():
        post = _locked_post(post)
        flags = list(Flag.objects.select_for_update().filter(post=post, status=Flag.Status.OPEN))
        if not flags:
            raise _already("post", post.pk, [A.UPHOLD_FLAGS, A.DISMISS_FLAGS], _("The flags on this post are already handled."))
        handle_flags(Flag.objects.filter(pk__in=[f.pk for f in flags]), acting_user=acting_user, uphold=uphold)
        data = {"flags": len(flags), "kinds": sorted({f.kind for f in flags})}
        if uphold:
            if post.state == Post.State.HIDDEN:
                post.hidden_reason = reason
                post.save(update_fields=["hidden_reason"])
                _publish_post(post, "post.hidden")
            else:
                _hide(post, actor=acting_user, reason=reason)
        else:
            auto = _reversing("post", post.pk, [A.HIDE_POST])
            if post.state == Post.State.HIDDEN and auto is not None and auto.actor_id is None:
                _restore(post, actor=acting_user, reason=reason, reverses=auto)
        entry = record(
            actor=acting_user,
            action=A.UPHOLD_FLAGS if uphold else A.DISMISS_FLAGS,
            target=post,
            thread=post.thread,
            post=post,
            subject=post.author,
            reason=reason,
            data=data,
            notify=False,
        )
        publish_queue_item(post, "post.resolved")
    return entry


# --- posts ------------------------------------------------------------------------------------


def _hide(post: Post, *, actor, reason: str, data=None, action=A.HIDE_POST) -> ModerationAction:
    was_visible = post.is_visible
    post.state = Post.State.HIDDEN
    post.hidden_reason = reason
    post.save(update_fields=["state", "hidden_reason"])
    if was_visible:
        Thread.objects.filter(pk=post.thread_id).update(post_count=F("post_count") - 1)
    entry = record(
        actor=actor, action=action, target=post, thread=post.thread, post=post, subject=post.author, reason=reason, data=data
    )
    _publish_post(post, "post.hidden")
    return entry


def _restore(post: Post, *, actor, reason: str, reverses=None, action=A.RESTORE_POST) -> ModerationAction:
    post.state = Post.State.VISIBLE
    post.hidden_reason = ""
    post.save(update_fields=["state", "hidden_reason"])
    Thread.objects.filter(pk=post.thread_id).update(post_count=F("post_count") + 1)
    entry = record(
        actor=actor, action=action, target=post, thread=post.thread, post=post, subject=post.author, reason=reason,
        reverses=reverses,
    )
    _publish_post(post, "post.restored")
    return entry


def hide_post(*, acting_user, post: Post, reason: str) -> Post:
    """Hide a post from non-moderators, keeping its text for the author and moderators."""
    _require_post_moderator(acting_user, post)
    reason = _clean_reason(reason, required=True, message=_("Say why the post is hidden; the reason is shown in its place."))
    with transaction.atomic():
        post = _locked_post(post)
        if post.state == Post.State.HIDDEN:
            raise _already("post", post.pk, [A.HIDE_POST, A.REJECT_POST], _("This post is already hidden."))
        if post.state == Post.State.QUEUED:
            _hide(post, actor=acting_user, reason=reason, action=A.REJECT_POST)
        else:
            _hide(post, actor=acting_user, reason=reason)
        if handle_flags(Flag.objects.filter(post=post, status=Flag.Status.OPEN), acting_user=acting_user, uphold=True):
            publish_queue_item(post, "post.resolved")
    return post


def restore_post(*, acting_user, post: Post, reason: str = "") -> Post:
    """Show a hidden post again (the reverse of hide_post, logged as such)."""
    _require_post_moderator(acting_user, post)
    reason = _clean_reason(reason, required=False)
    with transaction.atomic():
        post = _locked_post(post)
        if post.state != Post.State.HIDDEN:
            if post.state == Post.State.QUEUED:
                raise AlreadyHandled(_("This post awaits approval; approve it from the review queue."))
            raise _already("post", post.pk, [A.RESTORE_POST, A.APPROVE_POST], _("This post is already visible."))
        undone = _reversing("post", post.pk, [A.HIDE_POST, A.REJECT_POST])
        _restore(post, actor=acting_user, reason=reason, reverses=undone)
        if undone is not None and undone.action == A.REJECT_POST:  # never shown before: as if approved
            hooks.post_approved.send(post=post, actor=acting_user)
    return post


def approve_post(*, acting_user, post: Post, reason: str = "") -> Post:
    """Let a queued post through: it appears in its thread as if just posted."""
    _require_post_moderator(acting_user, post)
    reason = _clean_reason(reason, required=False)
    with transaction.atomic():
        post = _locked_post(post)
        if post.state != Post.State.QUEUED:
            raise _already("post", post.pk, [A.APPROVE_POST, A.REJECT_POST, A.HIDE_POST], _("This post was already handled."))
        post.state = Post.State.VISIBLE
        post.save(update_fields=["state"])
        Thread.objects.filter(pk=post.thread_id).update(post_count=F("post_count") + 1, last_activity_at=timezone.now())
        record(actor=acting_user, action=A.APPROVE_POST, target=post, thread=post.thread, post=post, subject=post.author, reason=reason)
        hooks.post_approved.send(post=post, actor=acting_user)  # following: the notices held back
        _publish_post(post, "post.created")
        _publish_thread(post.thread)
        publish_queue_item(post, "post.resolved")
    return post


def reject_post(*, acting_user, post: Post, reason: str) -> Post:
    """Keep a queued post out: it stays, hidden with the reason, and can be restored."""
    _require_post_moderator(acting_user, post)
    reason = _clean_reason(reason, required=True, message=_("Say why the post is rejected; its author is told."))
    with transaction.atomic():
        post = _locked_post(post)
        if post.state != Post.State.QUEUED:
            raise _already("post", post.pk, [A.APPROVE_POST, A.REJECT_POST, A.HIDE_POST], _("This post was already handled."))
        _hide(post, actor=acting_user, reason=reason, action=A.REJECT_POST)
        publish_queue_item(post, "post.resolved")
    return post


def edit_post_as_moderator(
    *, acting_user, post: Post, body: str, reason: str, hide_history: bool = False, base_revision: int | None = None
) -> Post:
    """Change someone's post (e.g. remove private information), with a logged reason; every
    earlier version stays in the post's history. Search, mentions and live pages see the new
    text through the same path as an author's edit (core.actions.revise_post). With
    `hide_history` (a redaction) the earlier versions are shown to moderators only and no copy of
    the removed text stays in the search index, the stored live events or the cached pages
    (threads/core/redaction.py)."""
    _require_post_moderator(acting_user, post)
    reason = _clean_reason(reason, required=True, message=_("Say why you edit someone else's post."))
    body = thread_actions.clean_body(body)
    with transaction.atomic():
        post = _locked_post(post)
        if base_revision is not None and post.revision_count != base_revision:
            raise Conflict(_("This post was changed while you were editing it; its current text is shown. Your text is kept in the form: save again to replace it."), "body")
        if body == post.body_source:
            raise invalid(_("The text is unchanged."), "body")
        old_texts = list(post.revisions.values_list("body_html", flat=True)) + [post.body_html]
        thread_actions.revise_post(post, body=body, editor=acting_user, reason=reason, redacted=hide_history)
        record(
            actor=acting_user, action=A.EDIT_POST, target=post, thread=post.thread, post=post, subject=post.author,
            reason=reason, data={"revision": post.revision_count, "hide_history": hide_history},
        )
        if hide_history:
            redaction.record(kind="post", target_id=post.pk, hides_before=post.revision_count, actor=acting_user, reason=reason)
            redaction.redact_post_copies(post, old_texts)
    return post


def _check_same_audience(source: Thread, target: Thread) -> None:
    if source.is_members_only and not target.is_members_only:
        raise invalid(_("Posts of a members-only thread cannot go to a public thread."), "thread")


def move_post(*, acting_user, post: Post, to_thread: Thread, reason: str) -> Post:
    """Move a post to another thread (its replies stay where they are)."""
    _require_thread_moderator(acting_user, post.thread)
    _require_thread_moderator(acting_user, to_thread)
    reason = _clean_reason(reason, required=True)
    if to_thread.pk == post.thread_id:
        raise invalid(_("The post is already in that thread."), "thread")
    _check_same_audience(post.thread, to_thread)
    with transaction.atomic():
        post = _locked_post(post)
        source = post.thread
        if not Post.objects.filter(thread=source).exclude(pk=post.pk).exists():
            raise invalid(_("This is the thread's only post; merge the thread instead."), "thread")
        undone = _reversing("post", post.pk, [A.MOVE_POST])
        if undone is None or undone.data.get("from") != to_thread.pk:
            undone = None
        Post.objects.filter(pk=post.pk).update(thread=to_thread)
        post.thread = to_thread
        _recount(source.pk, to_thread.pk)
        record(
            actor=acting_user, action=A.MOVE_POST, target=post, thread=to_thread, post=post, subject=post.author,
            reason=reason, reverses=undone, data={"from": source.pk, "to": to_thread.pk},
            areas=list(source.areas.all()) + list(to_thread.areas.all()),
        )
        _publish_post(post, "post.created")
    return post


# --- threads ----------------------------------------------------------------------------------

_TOGGLES = {
    # action: (field, value, reverse action, needs a reason, chair may)
    A.LOCK: ("is_locked", True, A.UNLOCK, False, True),
    A.UNLOCK: ("is_locked", False, A.LOCK, False, True),
    A.CLOSE: ("is_closed", True, A.REOPEN, False, False),
    A.REOPEN: ("is_closed", False, A.CLOSE, False, False),
    A.PIN: ("is_pinned", True, A.UNPIN, False, False),
    A.UNPIN: ("is_pinned", False, A.PIN, False, False),
}


def set_thread_state(*, acting_user, thread: Thread, action: str, reason: str = "") -> Thread:
    """Lock/unlock (no replies), close/reopen (finished; no replies), pin/unpin (top of lists)."""
    field, value, opposite, needs_reason, chair = _TOGGLES[action]
    if acting_user is not None:
        _require_thread_moderator(acting_user, thread, chair=chair)
    reason = _clean_reason(reason, required=needs_reason)
    with transaction.atomic():
        thread = _locked_thread(thread)
        if getattr(thread, field) == value:
            raise _already("thread", thread.pk, [action], _("The thread is already so."))
        setattr(thread, field, value)
        thread.save(update_fields=[field])
        record(
            actor=acting_user, action=action, target=thread, thread=thread, reason=reason,
            reverses=_reversing("thread", thread.pk, [opposite]), subject=None,
        )
        _publish_thread(thread)
    return thread


def lock_thread(*, acting_user, thread, reason=""):
    return set_thread_state(acting_user=acting_user, thread=thread, action=A.LOCK, reason=reason)


def unlock_thread(*, acting_user, thread, reason=""):
    return set_thread_state(acting_user=acting_user, thread=thread, action=A.UNLOCK, reason=reason)


def close_thread(*, acting_user, thread, reason=""):
    return set_thread_state(acting_user=acting_user, thread=thread, action=A.CLOSE, reason=reason)


def reopen_thread(*, acting_user, thread, reason=""):
    return set_thread_state(acting_user=acting_user, thread=thread, action=A.REOPEN, reason=reason)


def pin_thread(*, acting_user, thread, reason=""):
    return set_thread_state(acting_user=acting_user, thread=thread, action=A.PIN, reason=reason)


def unpin_thread(*, acting_user, thread, reason=""):
    return set_thread_state(acting_user=acting_user, thread=thread, action=A.UNPIN, reason=reason)


def move_thread_areas(*, acting_user, thread: Thread, areas: list[Area], reason: str) -> Thread:
    """Put a thread in other cooperation areas. An area moderator may move only into their areas."""
    _require_thread_moderator(acting_user, thread)
    reason = _clean_reason(reason, required=True)
    areas = list({a.pk: a for a in areas}.values())
    if not areas:
        raise invalid(_("Choose at least one cooperation area."), "areas")
    if not people.is_moderator(acting_user):
        ids = moderated_area_ids(acting_user)
        require(all(a.pk in ids for a in areas), _("You can move threads only into the areas you moderate."))
    with transaction.atomic():
        thread = _locked_thread(thread)
        before = list(thread.areas.all())
        if {a.pk for a in before} == {a.pk for a in areas}:
            raise invalid(_("The thread is already in these areas."), "areas")
        undone = _reversing("thread", thread.pk, [A.MOVE_THREAD])
        if undone is None or set(undone.data.get("from", [])) != {a.slug for a in areas}:
            undone = None
        thread.areas.set(areas)
        record(
            actor=acting_user, action=A.MOVE_THREAD, target=thread, thread=thread, reason=reason, reverses=undone,
            areas=list({a.pk: a for a in before + areas}.values()),
            data={"from": [a.slug for a in before], "to": [a.slug for a in areas]},
        )
        _publish_thread(thread)
    return thread


def merge_threads(*, acting_user, source: Thread, target: Thread, reason: str) -> ModerationAction:
    """Move every post of `source` into `target`, in time order; `source` stays, closed, pointing there."""
    _require_thread_moderator(acting_user, source)
    _require_thread_moderator(acting_user, target)
    reason = _clean_reason(reason, required=True)
    if source.pk == target.pk:
        raise invalid(_("Choose another thread to merge into."), "thread")
    if Thread.Kind.DEBATE in (source.kind, target.kind):
        raise invalid(_("Debates cannot be merged."), "thread")
    _check_same_audience(source, target)
    with transaction.atomic():
        first, second = sorted([source, target], key=lambda t: t.pk)
        first, second = _locked_thread(first), _locked_thread(second)
        source, target = (first, second) if first.pk == source.pk else (second, first)
        if source.merged_into_id:
            raise _already("thread", source.pk, [A.MERGE], _("This thread was already merged."))
        if target.merged_into_id:
            raise invalid(_("That thread was itself merged into another; merge into that one."), "thread")
        ids = list(Post.objects.filter(thread=source).values_list("pk", flat=True))
        Post.objects.filter(pk__in=ids).update(thread=target)
        was_closed = source.is_closed
        Thread.objects.filter(pk=source.pk).update(merged_into=target, is_closed=True)
        source.merged_into, source.is_closed = target, True
        _recount(source.pk, target.pk)
        entry = record(
            actor=acting_user, action=A.MERGE, target=source, thread=target, reason=reason,
            areas=list({a.pk: a for a in list(source.areas.all()) + list(target.areas.all())}.values()),
            data={"source": source.pk, "target": target.pk, "posts": ids, "source_was_closed": was_closed,
                  "source_title": source.title},
        )
        _publish_thread(target)
        _publish_thread(source)
    return entry


def unmerge_threads(*, acting_user, merge: ModerationAction, reason: str = "") -> ModerationAction:
    """Undo a merge: the posts that came from the merged thread go back to it."""
    require(merge.action == A.MERGE, _("This log entry is not a merge."))
    source = Thread.objects.get(pk=merge.data["source"])
    target = Thread.objects.get(pk=merge.data["target"])
    _require_thread_moderator(acting_user, target)
    reason = _clean_reason(reason, required=False)
    with transaction.atomic():
        merge = ModerationAction.objects.select_for_update().get(pk=merge.pk)
        if merge.reversed_by.exists():
            raise _already("thread", source.pk, [A.UNMERGE], _("This merge was already undone."))
        Post.objects.filter(pk__in=merge.data["posts"], thread=target).update(thread=source)
        Thread.objects.filter(pk=source.pk).update(merged_into=None, is_closed=merge.data.get("source_was_closed", False))
        _recount(source.pk, target.pk)
        entry = record(
            actor=acting_user, action=A.UNMERGE, target=source, thread=source, reason=reason, reverses=merge,
            areas=list(merge.areas.all()), data={"source": source.pk, "target": target.pk},
        )
        _publish_thread(source)
        _publish_thread(target)
    return entry


def split_thread(*, acting_user, thread: Thread, posts: list[Post], title: str, reason: str) -> ModerationAction:
    """Move some posts of a thread into a new thread in the same areas (authors, times, revisions kept)."""
    _require_thread_moderator(acting_user, thread)
    reason = _clean_reason(reason, required=True)
    title = thread_actions.clean_title(title)
    ids = sorted({p.pk for p in posts})
    if not ids:
        raise invalid(_("Choose the posts to split off."), "posts")
    with transaction.atomic():
        thread = _locked_thread(thread)
        moved = list(Post.objects.filter(thread=thread, pk__in=ids).order_by("created_at", "pk"))
        if len(moved) != len(ids):
            raise invalid(_("Choose posts of this thread only."), "posts")
        if Post.objects.filter(thread=thread).exclude(pk__in=ids).count() == 0:
            raise invalid(_("Leave at least one post in the thread."), "posts")
        first = moved[0]
        new = Thread.objects.create(
            title=title, visibility=thread.visibility, author=first.author, on_behalf_of=first.on_behalf_of,
            created_at=first.created_at, last_activity_at=moved[-1].created_at,
        )
        areas = list(thread.areas.all())
        new.areas.set(areas)
        Post.objects.filter(pk__in=ids).update(thread=new)
        _recount(thread.pk, new.pk)
        entry = record(
            actor=acting_user, action=A.SPLIT, target=new, thread=thread, reason=reason, areas=areas,
            data={"from": thread.pk, "new": new.pk, "posts": ids, "title": title},
        )
        new.refresh_from_db()
        _publish_thread(thread)
        thread_actions.publish_thread_lists(new, "thread.created")
    return entry


def unsplit_thread(*, acting_user, split: ModerationAction, reason: str = "") -> ModerationAction:
    """Undo a split: the posts go back; the new thread stays, closed, pointing to the original."""
    require(split.action == A.SPLIT, _("This log entry is not a split."))
    original = Thread.objects.get(pk=split.data["from"])
    new = Thread.objects.get(pk=split.data["new"])
    _require_thread_moderator(acting_user, original)
    reason = _clean_reason(reason, required=False)
    with transaction.atomic():
        split = ModerationAction.objects.select_for_update().get(pk=split.pk)
        if split.reversed_by.exists():
            raise _already("thread", new.pk, [A.UNSPLIT], _("This split was already undone."))
        Post.objects.filter(pk__in=split.data["posts"], thread=new).update(thread=original)
        Thread.objects.filter(pk=new.pk).update(merged_into=original, is_closed=True)
        _recount(original.pk, new.pk)
        entry = record(
            actor=acting_user, action=A.UNSPLIT, target=new, thread=original, reason=reason, reverses=split,
            areas=list(split.areas.all()), data={"from": original.pk, "new": new.pk},
        )
        _publish_thread(original)
    return entry


def set_slow_mode(*, acting_user, thread: Thread, minutes: int, reason: str = "") -> Thread:
    """One post per person every `minutes` in this thread (0 turns slow mode off)."""
    _require_thread_moderator(acting_user, thread, chair=True)
    reason = _clean_reason(reason, required=False)
    try:
        minutes = int(minutes)
    except (TypeError, ValueError):
        minutes = -1
    if not 0 <= minutes <= 24 * 60:
        raise invalid(_("Slow mode is between 0 (off) and 1440 minutes (a day)."), "minutes")
    with transaction.atomic():
        thread = _locked_thread(thread)
        before = thread.slow_mode_seconds // 60
        if before == minutes:
            raise _already("thread", thread.pk, [A.SLOW_MODE], _("Slow mode is already set so."))
        thread.slow_mode_seconds = minutes * 60
        thread.save(update_fields=["slow_mode_seconds"])
        undone = _reversing("thread", thread.pk, [A.SLOW_MODE]) if minutes == 0 else None
        record(
            actor=acting_user, action=A.SLOW_MODE, target=thread, thread=thread, reason=reason, reverses=undone,
            data={"minutes": minutes, "before": before},
        )
    return thread


def set_timer(*, acting_user, thread: Thread, action: str, at, reason: str = "") -> Thread:
    """Close, reopen, lock or unlock the thread at a given time."""
    _require_thread_moderator(acting_user, thread)
    reason = _clean_reason(reason, required=False)
    if action not in TIMER_ACTIONS:
        raise invalid(_("Choose what the timer does."), "action")
    if at is None or at <= timezone.now():
        raise invalid(_("Choose a time in the future."), "at")
    with transaction.atomic():
        thread = _locked_thread(thread)
        thread.timer_action, thread.timer_at = action, at
        thread.save(update_fields=["timer_action", "timer_at"])
        record(
            actor=acting_user, action=A.SET_TIMER, target=thread, thread=thread, reason=reason,
            data={"action": action, "at": at.isoformat()},
        )
    return thread


def clear_timer(*, acting_user, thread: Thread, reason: str = "") -> Thread:
    if acting_user is not None:
        _require_thread_moderator(acting_user, thread)
    with transaction.atomic():
        thread = _locked_thread(thread)
        if not thread.timer_action:
            raise _already("thread", thread.pk, [A.CLEAR_TIMER], _("The thread has no timer."))
        thread.timer_action, thread.timer_at = "", None
        thread.save(update_fields=["timer_action", "timer_at"])
        record(
            actor=acting_user, action=A.CLEAR_TIMER, target=thread, thread=thread, reason=_clean_reason(reason, required=False),
            reverses=_reversing("thread", thread.pk, [A.SET_TIMER]),
        )
    return thread


def apply_due_timers(thread: Thread | None = None, now=None) -> int:
    """Carry out timers whose time has come (all, or one thread's); logged as done by the system."""
    now = now or timezone.now()
    due = Thread.objects.filter(timer_at__lte=now).exclude(timer_action="")
    if thread is not None:
        due = due.filter(pk=thread.pk)
    done = 0
    for t in list(due):
        action = {"close": A.CLOSE, "reopen": A.REOPEN, "lock": A.LOCK, "unlock": A.UNLOCK}[t.timer_action]
        with transaction.atomic():
            locked = Thread.objects.select_for_update().get(pk=t.pk)
            if not locked.timer_action or locked.timer_at is None or locked.timer_at > now:
                continue
            Thread.objects.filter(pk=t.pk).update(timer_action="", timer_at=None)
            locked.timer_action, locked.timer_at = "", None
            try:
                set_thread_state(acting_user=None, thread=locked, action=action, reason=_("Timer"))
            except AlreadyHandled:
                pass
            done += 1
    return done


def check_can_post_now(user, thread: Thread) -> None:
    """Called by create_post: a due timer is carried out first; closed threads and slow mode refuse."""
    if thread.timer_at is not None and thread.timer_at <= timezone.now():
        apply_due_timers(thread)
        thread.refresh_from_db(fields=["is_locked", "is_closed", "timer_action", "timer_at"])
    if can_moderate_thread(user, thread):
        return
    require(not thread.is_closed, _("This thread is closed; it takes no new replies."))
    if thread.slow_mode_seconds:
        since = timezone.now() - timedelta(seconds=thread.slow_mode_seconds)
        last = Post.objects.filter(thread=thread, author=user, created_at__gt=since).order_by("-created_at").first()
        if last is not None:
            wait = int((last.created_at - since).total_seconds() // 60) + 1
            raise invalid(
                _("This thread is in slow mode: one post every %(minutes)d minutes. You can post again in %(wait)d minutes.")
                % {"minutes": thread.slow_mode_seconds // 60, "wait": wait},
                "body",
            )


def initial_post_state(user, thread: Thread, body: str) -> str:
    """Queued for approval: a new member's first N replies, and replies with many links."""
    if people.is_moderator(user) or can_moderate_thread(user, thread):
        return Post.State.VISIBLE
    links = _limits().get("PREMODERATE_LINKS", 0)
    if links and len(LINK.findall(body)) > links:
        return Post.State.QUEUED
    first = _limits().get("PREMODERATE_FIRST_POSTS", 0)
    if first and Post.objects.filter(author=user, state=Post.State.VISIBLE).count() < first:
        return Post.State.QUEUED
    return Post.State.VISIBLE


# --- people -----------------------------------------------------------------------------------


def _sync_restriction(user: User) -> None:
    active = (
        Suspension.objects.filter(user=user, lifted_at__isnull=True, until__gt=timezone.now())
        .order_by("-kind", "-until")  # "suspend" before "silence"
        .first()
    )
    user.restriction = active.kind if active else ""
    user.restricted_until = active.until if active else None
    User.objects.filter(pk=user.pk).update(restriction=user.restriction, restricted_until=user.restricted_until)


def suspend_user(*, acting_user, user: User, kind: str, days: int, reason: str) -> Suspension:
    """Silence (no posting) or suspend (no posting, public content only, sockets closed) for `days`."""
    require(people.is_moderator(acting_user), _("Only moderators can silence or suspend people."))
    if people.is_admin(user) or user.is_superuser:
        require(people.is_admin(acting_user), _("A moderator cannot suspend an admin."))
    if user.is_moderator:
        require(people.is_admin(acting_user), _("Only an admin can suspend a moderator."))
    require(user.pk != acting_user.pk, _("You cannot suspend yourself."))
    if kind not in Suspension.Kind.values:
        raise invalid(_("Choose silence or suspension."), "kind")
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= 3650:
        raise invalid(_("Give a period between 1 and 3650 days."), "days")
    reason = _clean_reason(reason, required=True, message=_("Say why; the person and the public log are told."))
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        current = Suspension.objects.filter(user=user, lifted_at__isnull=True, until__gt=timezone.now()).first()
        if current is not None:
            raise _already(
                "user", user.pk, [A.SUSPEND, A.SILENCE],
                _("This person is already restricted; lift that first to change it."),
            )
        suspension = Suspension.objects.create(
            user=user, kind=kind, until=timezone.now() + timedelta(days=days), reason=reason, by=acting_user
        )
        _sync_restriction(user)
        record(
            actor=acting_user, action=A.SUSPEND if kind == Suspension.Kind.SUSPEND else A.SILENCE, target=user,
            subject=user, reason=reason, data={"days": days, "until": suspension.until.isoformat()},
        )
        if kind == Suspension.Kind.SUSPEND:
            transaction.on_commit(lambda: send_to_user(user.pk, {"type": "session.ended"}))
    return suspension


def lift_suspension(*, acting_user, user: User, reason: str = "") -> Suspension:
    require(people.is_moderator(acting_user), _("Only moderators can lift a restriction."))
    reason = _clean_reason(reason, required=False)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        current = Suspension.objects.filter(user=user, lifted_at__isnull=True, until__gt=timezone.now()).first()
        if current is None:
            raise _already("user", user.pk, [A.LIFT], _("This person has no restriction to lift."))
        current.lifted_at, current.lifted_by = timezone.now(), acting_user
        current.save(update_fields=["lifted_at", "lifted_by"])
        _sync_restriction(user)
        record(
            actor=acting_user, action=A.LIFT, target=user, subject=user, reason=reason,
            reverses=_reversing("user", user.pk, [A.SUSPEND, A.SILENCE]),
        )
        transaction.on_commit(lambda: send_to_user(user.pk, {"type": "access.changed"}))
    return current


def appoint_moderator(*, acting_user, user: User, area: Area | None = None) -> ModerationAction:
    """An admin makes someone a moderator, site-wide (no area) or of one cooperation area."""
    require(people.is_admin(acting_user), _("Only an admin can appoint moderators."))
    require(user.is_active, _("This account is not active."))
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if area is None:
            if user.is_moderator:
                raise _already("user", user.pk, [A.APPOINT], _("This person is already a moderator."))
            User.objects.filter(pk=user.pk).update(is_moderator=True)
            user.is_moderator = True
        else:
            if AreaModerator.objects.filter(user=user, area=area).exists():
                raise _already("user", user.pk, [A.APPOINT], _("This person already moderates this area."))
            AreaModerator.objects.create(user=user, area=area, appointed_by=acting_user)
            User.objects.filter(pk=user.pk).update(is_area_moderator=True)
            user.is_area_moderator = True
        entry = record(
            actor=acting_user, action=A.APPOINT, target=user, subject=user, areas=[area] if area else [],
            data={"area": area.slug if area else None},
        )
        transaction.on_commit(lambda: send_to_user(user.pk, {"type": "access.changed"}))
    return entry


def dismiss_moderator(*, acting_user, user: User, area: Area | None = None, reason: str = "") -> ModerationAction:
    require(people.is_admin(acting_user), _("Only an admin can remove moderators."))
    reason = _clean_reason(reason, required=False)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if area is None:
            if not user.is_moderator:
                raise _already("user", user.pk, [A.DISMISS_MODERATOR], _("This person is not a moderator."))
            User.objects.filter(pk=user.pk).update(is_moderator=False)
            user.is_moderator = False
        else:
            deleted, _rows = AreaModerator.objects.filter(user=user, area=area).delete()
            if not deleted:
                raise _already("user", user.pk, [A.DISMISS_MODERATOR], _("This person does not moderate this area."))
            user.is_area_moderator = AreaModerator.objects.filter(user=user).exists()
            User.objects.filter(pk=user.pk).update(is_area_moderator=user.is_area_moderator)
        undone = ModerationAction.objects.filter(
            target_type="user", target_id=user.pk, action=A.APPOINT, data__area=area.slug if area else None,
            reversed_by__isnull=True,
        ).order_by("-created_at", "-pk").first()
        entry = record(
            actor=acting_user, action=A.DISMISS_MODERATOR, target=user, subject=user, reason=reason, reverses=undone,
            areas=[area] if area else [], data={"area": area.slug if area else None},
        )
        transaction.on_commit(lambda: send_to_user(user.pk, {"type": "access.changed"}))
    return entry


# --- organizations and memberships, from the queue ----------------------------------------------


def decide_application(*, acting_user, organization: Organization, admit: bool, reason: str = "") -> Organization:
    """Admit or decline an organization (admins), through accounts.actions, logged."""
    require(people.is_admin(acting_user), _("Only an admin can admit organizations."))
    reason = _clean_reason(reason, required=False)
    with transaction.atomic():
        locked = Organization.objects.select_for_update(of=("self",)).select_related("decided_by").get(pk=organization.pk)
        if locked.status != Organization.Status.APPLIED:
            who = locked.decided_by.public_name if locked.decided_by_id else _("someone")
            raise AlreadyHandled(
                _("%(who)s already decided on this application: %(status)s.") % {"who": who, "status": locked.get_status_display()}
            )
        organization = account_actions.decide_organization(acting_user=acting_user, organization=locked, admit=admit)
        record(
            actor=acting_user, action=A.ADMIT_ORG if admit else A.DECLINE_ORG, target=organization, reason=reason,
            subject=organization.applied_by, data={"name_fa": organization.name_fa, "name_en": organization.name_en},
        )
    return organization


def decide_membership_request(*, acting_user, membership: Membership, approve: bool, reason: str = "") -> Membership:
    """Approve or decline a membership request (the organization's representatives or an admin), logged."""
    require(
        people.can_manage_organization(acting_user, membership.organization),
        _("Only this organization's representatives or an admin can decide on members."),
    )
    reason = _clean_reason(reason, required=False)
    with transaction.atomic():
        locked = Membership.objects.select_for_update(of=("self",)).select_related("decided_by", "organization", "user").get(pk=membership.pk)
        if locked.status != Membership.Status.PENDING:
            who = locked.decided_by.public_name if locked.decided_by_id else _("someone")
            raise AlreadyHandled(
                _("%(who)s already decided on this request: %(status)s.") % {"who": who, "status": locked.get_status_display()}
            )
        membership = account_actions.decide_membership(acting_user=acting_user, membership=locked, approve=approve)
        record(
            actor=acting_user, action=A.APPROVE_MEMBER if approve else A.DECLINE_MEMBER, target=membership,
            subject=membership.user, reason=reason, data={"organization": membership.organization.slug},
        )
    return membership
