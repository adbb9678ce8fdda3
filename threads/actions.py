"""Every change to threads and posts: permission checked, one transaction, live event on commit."""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access as people
from accounts.models import Organization
from forum.errors import ActionRefused, invalid, require
from forum.text import normalize_persian
from threads import access, following
from threads.events import publish_on_commit
from threads.mentions import render_with_mentions
from threads.tags import tags_for_names
from threads.models import Area, Post, PostRevision, Thread

LIMITS = settings.HAMGAMI


# --- validation shared by forms and actions -------------------------------------------------


def clean_title(title: str) -> str:
    title = normalize_persian(" ".join((title or "").split()))
    if not title:
        raise invalid(_("A thread needs a title."), "title")
    if len(title) > LIMITS["TITLE_MAX"]:
        raise invalid(
            _("The title is %(length)d characters long; the limit is %(limit)d.")
            % {"length": len(title), "limit": LIMITS["TITLE_MAX"]},
            "title",
        )
    return title


def clean_body(body: str) -> str:
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise invalid(_("Write something before posting."), "body")
    if len(body) > LIMITS["BODY_MAX"]:
        raise invalid(
            _("The text is %(length)d characters long; the limit is %(limit)d.")
            % {"length": len(body), "limit": LIMITS["BODY_MAX"]},
            "body",
        )
    return body


def clean_tags(tags: list[str]) -> list[str]:
    cleaned = []
    for tag in tags:
        tag = normalize_persian(" ".join(tag.split())).strip(" #")
        if not tag:
            continue
        if len(tag) > LIMITS["TAG_LENGTH_MAX"]:
            raise invalid(
                _("The tag “%(tag)s” is too long; tags have at most %(limit)d characters.")
                % {"tag": tag[:20] + "…", "limit": LIMITS["TAG_LENGTH_MAX"]},
                "tags",
            )
        if tag.casefold() not in {t.casefold() for t in cleaned}:
            cleaned.append(tag)
    if len(cleaned) > LIMITS["TAGS_MAX"]:
        raise invalid(_("At most %(limit)d tags.") % {"limit": LIMITS["TAGS_MAX"]}, "tags")
    return cleaned


def _new_account_key(user) -> str | None:
    """The cache key counting this hour's writes of a new account, or None for an established one."""
    limits = settings.HAMGAMI  # read at call time, so a deployment (or a test) can change it
    days, per_hour = limits.get("NEW_ACCOUNT_DAYS", 3), limits.get("NEW_ACCOUNT_POSTS_PER_HOUR", 30)
    if not per_hour or user.date_joined is None or timezone.now() - user.date_joined >= datetime.timedelta(days=days):
        return None
    return f"hamgami:new-account-posts:{user.pk}:{int(timezone.now().timestamp() // 3600)}"


def check_new_account_rate(user) -> None:
    """New accounts write at most NEW_ACCOUNT_POSTS_PER_HOUR threads and replies an hour (a spam
    or flooding account is slowed, an ordinary new member never notices); refused with a 403."""
    key = _new_account_key(user)
    limit = settings.HAMGAMI.get("NEW_ACCOUNT_POSTS_PER_HOUR", 30)
    if key is not None and cache.get(key, 0) >= limit:
        raise ActionRefused(
            _("New accounts can post at most %(limit)d times an hour. Please wait a little and try again.")
            % {"limit": limit}
        )


def _count_new_account_post(user) -> None:
    key = _new_account_key(user)
    if key is not None:
        cache.add(key, 0, 3600)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, 3600)


def check_on_behalf_of(user, organization: Organization | None) -> None:
    if organization is not None:
        require(
            people.can_speak_for(user, organization),
            _("Only a representative of %(org)s may post on its behalf.") % {"org": organization.name},
        )


# --- live fragments -------------------------------------------------------------------------


def _post_renderer(post: Post):
    def render(audience: str):
        if post.thread.is_members_only and audience == people.VISITOR:
            return None
        if post.state == Post.State.QUEUED and audience != people.MODERATOR:
            return None
        return render_to_string(
            "threads/_post.html",
            {
                "post": post,
                "audience": audience,
                "show_body": post.is_visible or audience == people.MODERATOR,
                "viewer_is_moderator": audience == people.MODERATOR,
            },
        )

    return render


def _thread_row_renderer(thread: Thread):
    def render(audience: str):
        if thread.is_members_only and audience == people.VISITOR:
            return None
        return render_to_string("threads/_thread_row.html", {"thread": thread, "live": True})

    return render


def _publish_thread_lists(thread: Thread, event: str) -> None:
    data = {"thread": thread.pk}
    publish_on_commit("home", event, _thread_row_renderer(thread), data)
    for area in thread.areas.all():
        publish_on_commit(f"area:{area.slug}", event, _thread_row_renderer(thread), data)
    if thread.on_behalf_of_id:
        publish_on_commit(f"org:{thread.on_behalf_of.slug}", event, _thread_row_renderer(thread), data)


def _publish_post(post: Post, event: str) -> None:
    publish_on_commit(post.thread.stream, event, _post_renderer(post), {"post": post.pk, "state": post.state})


# --- actions --------------------------------------------------------------------------------


def create_thread(
    *,
    acting_user,
    title: str,
    body: str,
    areas: list[Area],
    tags: list[str] = (),
    visibility: str = Thread.Visibility.PUBLIC,
    on_behalf_of: Organization | None = None,
    kind: str = Thread.Kind.DISCUSSION,
) -> Thread:
    """Start a thread with its opening post."""
    require(people.can_post(acting_user), _("Only members of an organization can start threads."))
    check_new_account_rate(acting_user)
    check_on_behalf_of(acting_user, on_behalf_of)
    title = clean_title(title)
    body = clean_body(body)
    tags = clean_tags(list(tags))
    if not areas:
        raise invalid(_("Choose at least one cooperation area."), "areas")
    if visibility not in Thread.Visibility.values:
        raise invalid(_("Choose who may read the thread."), "visibility")
    now = timezone.now()
    with transaction.atomic():
        thread = Thread.objects.create(
            title=title,
            kind=kind,
            visibility=visibility,
            author=acting_user,
            on_behalf_of=on_behalf_of,
            created_at=now,
            last_activity_at=now,
        )
        thread.areas.set(list(areas))
        if tags:
            thread.tags.set(tags_for_names(tags))  # variants of a name are one tag (threads/tags.py)
        opening = _add_post(thread=thread, author=acting_user, body=body, on_behalf_of=on_behalf_of, now=now)
        following.after_thread_created(thread, opening)  # search index, subscriptions, notifications
        _count_new_account_post(acting_user)
        _publish_thread_lists(thread, "thread.created")
    return thread


def _add_post(
    *, thread: Thread, author, body: str, on_behalf_of=None, reply_to=None, now=None, state=Post.State.VISIBLE,
    quoted_point=None, quoted_position=None, agreement: str = "",
) -> Post:
    now = now or timezone.now()
    html = render_with_mentions(body)
    post = Post.objects.create(
        thread=thread,
        author=author,
        on_behalf_of=on_behalf_of,
        reply_to=reply_to,
        quoted_point=quoted_point,
        quoted_position=quoted_position,
        agreement=agreement,
        body_source=body,
        body_html=html,
        created_at=now,
        state=state,
    )
    PostRevision.objects.create(post=post, number=1, body_source=body, body_html=html, edited_by=author, created_at=now)
    if state != Post.State.VISIBLE:  # queued for approval (threads.moderation): counted once approved
        return post
    Thread.objects.filter(pk=thread.pk).update(post_count=F("post_count") + 1, last_activity_at=now)
    thread.post_count += 1
    thread.last_activity_at = now
    return post


def create_post(
    *,
    acting_user,
    thread: Thread,
    body: str,
    reply_to: Post | None = None,
    on_behalf_of: Organization | None = None,
    quote=None,
    agreement: str = "",
) -> Post:
    """Reply in a thread, optionally to a given post of the same thread. In a debate the reply may
    also quote a ledger point or a position (`quote`) and agree or disagree with it."""
    from threads import debate_actions  # what a debate's phase allows (imports this module)
    from threads import moderation  # pre-moderation, slow mode, timers (imports this module)

    if not access.can_read_thread(acting_user, thread):
        raise ActionRefused(_("You cannot reply in this thread."))
    require(people.can_post(acting_user), _("Only members of an organization can reply."))
    moderation.check_can_post_now(acting_user, thread)  # due timers, closed threads, slow mode
    check_new_account_rate(acting_user)
    require(access.can_reply(acting_user, thread), _("This thread is locked; it takes no new replies."))
    check_on_behalf_of(acting_user, on_behalf_of)
    body = clean_body(body)
    if reply_to is not None and reply_to.thread_id != thread.pk:
        raise invalid(_("You can only reply to a post in the same thread."), "reply_to")
    quoted_point, quoted_position, agreement = debate_actions.clean_quote(thread, quote, agreement)
    debate_actions.check_post_allowed(
        acting_user, thread, on_behalf_of, body, reply_to=reply_to, quoted_position=quoted_position
    )
    state = moderation.initial_post_state(acting_user, thread, body)  # new members, many links: queued
    with transaction.atomic():
        post = _add_post(
            thread=thread, author=acting_user, body=body, on_behalf_of=on_behalf_of, reply_to=reply_to, state=state,
            quoted_point=quoted_point, quoted_position=quoted_position, agreement=agreement,
        )
        post.thread = thread
        following.after_post_created(post)  # search index, subscriptions, notifications
        _count_new_account_post(acting_user)
        _publish_post(post, "post.created")
        if post.is_visible:
            _publish_thread_lists(thread, "thread.updated")
        else:
            moderation.publish_queue_item(post, "post.queued")
    return post


def edit_post(*, acting_user, post: Post, body: str, reason: str = "") -> Post:
    """Change a post's text, keeping the earlier text as a revision."""
    require(access.can_edit_post(acting_user, post), _("You can only edit your own posts."))
    body = clean_body(body)
    if body == post.body_source:
        return post
    now = timezone.now()
    with transaction.atomic():
        post = Post.objects.select_for_update().select_related("thread").get(pk=post.pk)
        post.body_source = body
        post.body_html = render_with_mentions(body)
        post.edited_at = now
        post.revision_count += 1
        post.save(update_fields=["body_source", "body_html", "edited_at", "revision_count"])
        PostRevision.objects.create(
            post=post,
            number=post.revision_count,
            body_source=body,
            body_html=post.body_html,
            edited_by=acting_user,
            reason=reason[:500],
            created_at=now,
        )
        following.after_post_edited(post)  # search index, new mentions
        _publish_post(post, "post.edited")
    return post


def hide_post(*, acting_user, post: Post, reason: str) -> Post:
    """Hide a post from non-moderators, keeping its text for the author and moderators (logged;
    see threads.moderation). Hiding a post already hidden changes nothing."""
    from threads import moderation

    try:
        return moderation.hide_post(acting_user=acting_user, post=post, reason=reason)
    except moderation.AlreadyHandled:
        return Post.objects.select_related("thread").get(pk=post.pk)


def restore_post(*, acting_user, post: Post, reason: str = "") -> Post:
    """Show a hidden post again (logged; see threads.moderation)."""
    from threads import moderation

    try:
        return moderation.restore_post(acting_user=acting_user, post=post, reason=reason)
    except moderation.AlreadyHandled:
        return Post.objects.select_related("thread").get(pk=post.pk)
