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
from forum.errors import ActionRefused, Conflict, invalid, require
from forum.text import normalize_persian
from threads.core import access, hooks, queries
from threads.core.events import publish_on_commit
from threads.core.models import Area, Post, PostRevision, Thread
from threads.core.revisions import revise
from threads.core.tags import tags_for_names
from accounts.mentions import render_with_mentions

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


def post_renderer(post: Post):
    def render(audience: str):
        if post.thread.is_members_only and audience == people.VISITOR:
            return None
        if post.state == Post.State.QUEUED and audience != people.MODERATOR:
            return None
        queries.is_redacted(post)  # after the commit: a redaction written with this event counts
        return render_to_string(
            "core/_post.html",
            {
                "post": post,
                "audience": audience,
                "show_body": post.is_visible or audience == people.MODERATOR,
                "viewer_is_moderator": audience == people.MODERATOR,
                "live": True,
            },
        )

    return render


def _thread_row_renderer(thread: Thread):
    def render(audience: str):
        if thread.is_members_only and audience == people.VISITOR:
            return None
        return render_to_string("core/_thread_row.html", {"thread": thread, "live": True})

    return render


def publish_thread_lists(thread: Thread, event: str) -> None:
    data = {"thread": thread.pk}
    publish_on_commit("home", event, _thread_row_renderer(thread), data)
    for area in thread.areas.all():
        publish_on_commit(f"area:{area.slug}", event, _thread_row_renderer(thread), data)
    if thread.on_behalf_of_id:
        publish_on_commit(f"org:{thread.on_behalf_of.slug}", event, _thread_row_renderer(thread), data)


def _thread_title_renderer(thread: Thread):
    def render(audience: str):
        if thread.is_members_only and audience == people.VISITOR:
            return None
        return render_to_string("core/_thread_title.html", {"thread": thread})

    return render


def publish_post(post: Post, event: str, **data) -> None:
    """`data` adds facts the page updates beside the post (the thread's reply count)."""
    publish_on_commit(post.thread.stream, event, post_renderer(post), {"post": post.pk, "state": post.state, **data})


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
        hooks.thread_created.send(thread=thread, opening=opening)  # search index, subscriptions, notifications
        _count_new_account_post(acting_user)
        publish_thread_lists(thread, "thread.created")
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
    if state != Post.State.VISIBLE:  # queued for approval (threads.moderation.actions): counted once approved
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
    seen_wording: int | None = None,
) -> Post:
    """Reply in a thread, optionally to a given post of the same thread. In a debate the reply may
    also quote a ledger point or a position (`quote`) and agree or disagree with it; `seen_wording`,
    the version of the point or position the writer was shown: a newer one since, the reply is
    refused (Conflict)."""
    if not access.can_read_thread(acting_user, thread):
        raise ActionRefused(_("You cannot reply in this thread."))
    require(not people.is_suspended(acting_user), _("Your account is suspended; you cannot post for now."))
    require(not people.restriction(acting_user), _("Your account is silenced; you cannot post for now."))
    require(people.can_post(acting_user), _("Only members of an organization can reply."))
    hooks.reply_gate.send(acting_user=acting_user, thread=thread)  # due timers, closed threads, slow mode
    check_new_account_rate(acting_user)
    require(access.can_reply(acting_user, thread), _("This thread is locked; it takes no new replies."))
    check_on_behalf_of(acting_user, on_behalf_of)
    body = clean_body(body)
    if reply_to is not None and reply_to.thread_id != thread.pk:
        raise invalid(_("You can only reply to a post in the same thread."), "reply_to")
    reply = hooks.Reply(
        acting_user=acting_user, thread=thread, body=body, on_behalf_of=on_behalf_of, reply_to=reply_to,
        quote=quote, seen_wording=seen_wording, agreement=agreement, state=Post.State.VISIBLE,
    )
    with transaction.atomic():
        # Inside the transaction: a quoted point or position is checked under the debate's lock, so
        # a rewording or revision waits for this reply (and then sees it) or this reply sees the new version.
        hooks.checking_reply.send(reply=reply)  # a debate's phase and quotes; pre-moderation
        post = _add_post(
            thread=thread, author=acting_user, body=body, on_behalf_of=on_behalf_of, reply_to=reply_to,
            state=reply.state, quoted_point=reply.quoted_point, quoted_position=reply.quoted_position,
            agreement=reply.agreement,
        )
        post.thread = thread
        hooks.post_created.send(post=post)  # search index, subscriptions, notifications, review queue
        _count_new_account_post(acting_user)
        publish_post(post, "post.created", **({"replies": thread.reply_count} if post.is_visible else {}))
        if post.is_visible:
            publish_thread_lists(thread, "thread.updated")
    return post


def retitle_thread(*, thread: Thread, title: str) -> Thread:
    """Give a thread a new title, for an action that decided it follows what it discusses (an
    edited event's title) and already checked who may: call inside that action's transaction. Open
    pages of the thread replace their heading, thread lists their row, search reindexes it."""
    title = clean_title(title)
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if thread.title == title:
        return thread
    old_title, thread.title = thread.title, title
    thread.save(update_fields=["title"])
    hooks.thread_retitled.send(thread=thread, old_title=old_title)  # search
    publish_on_commit(thread.stream, "thread.retitled", _thread_title_renderer(thread), {"thread": thread.pk})
    publish_thread_lists(thread, "thread.updated")
    return thread


def edit_post(*, acting_user, post: Post, body: str, reason: str = "", base_revision: int | None = None) -> Post:
    """Change a post's text, keeping the earlier text as a revision. `base_revision`, the version
    the person edited: when the post changed since (another tab, a moderator), the edit is
    refused with a Conflict rather than silently overwriting."""
    require(access.can_edit_post(acting_user, post), _("You can only edit your own posts."))
    body = clean_body(body)
    if body == post.body_source:
        return post
    with transaction.atomic():
        post = Post.objects.select_for_update().select_related("thread").get(pk=post.pk)
        if base_revision is not None and post.revision_count != base_revision:
            raise Conflict(
                _("This post was changed elsewhere while you were editing it (another tab or a moderator). "
                  "Its current text is shown below; your text is kept in the form: save again to replace it."),
                "body",
            )
        revise_post(post, body=body, editor=acting_user, reason=reason[:500])
    return post


def revise_post(post: Post, *, body: str, editor, reason: str = "", redacted: bool = False) -> PostRevision:
    """The one way a post's text changes, whoever edits it (its author, or a moderator through
    threads.moderation.actions): a new revision, the `post_edited` hook (search index, mentions) and the
    live event. Call it inside the caller's transaction, with the post locked."""
    now = timezone.now()
    html = render_with_mentions(body)  # @names linked to their pages
    revision = revise(
        post, PostRevision, owner_field="post",
        changes={"body_source": body, "body_html": html, "edited_at": now},
        revision={"body_source": body, "body_html": html, "edited_by": editor, "reason": reason},
        now=now,
    )
    hooks.post_edited.send(post=post, editor=editor, redacted=redacted)
    publish_post(post, "post.edited")
    return revision
