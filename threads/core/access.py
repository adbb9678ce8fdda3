"""Who may read and write which threads and posts; a forbidden thread looks exactly like a missing one."""

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts import access as people
from threads.core import hooks
from threads.core.models import Post, Thread


def readable_threads(user) -> QuerySet[Thread]:
    threads = Thread.objects.all()
    if not people.can_read_members_only(user):
        threads = threads.filter(visibility=Thread.Visibility.PUBLIC)
    return threads


def can_read_thread(user, thread: Thread) -> bool:
    return not thread.is_members_only or people.can_read_members_only(user)


def thread_for_reader(*, user, thread_id) -> Thread:
    """The thread, or Http404 when it is missing or the user may not read it (no difference shown).

    For a signed-in reader it carries `reader_last_read` (the post they were last shown, None if
    never), read in the same query, so the page records where they stopped only when it moves."""
    threads = Thread.objects.all()
    if user is not None and user.is_authenticated:
        for annotations in hooks.reader_thread_annotations.send(user=user):  # following: where they stopped
            threads = threads.annotate(**annotations)
    try:
        thread = threads.get(pk=int(thread_id))
    except (Thread.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not can_read_thread(user, thread):
        raise Http404
    return thread


def visible_posts_filter(user) -> Q:
    """Which posts a reader sees in full; the rest show as placeholders (hidden) or not at all (queued)."""
    if people.is_moderator(user):
        return Q()
    if user and user.is_authenticated:
        return Q(state=Post.State.VISIBLE) | Q(state=Post.State.HIDDEN) | Q(author=user)
    return Q(state=Post.State.VISIBLE) | Q(state=Post.State.HIDDEN)


def can_see_body(user, post: Post) -> bool:
    if post.state == Post.State.VISIBLE:
        return True
    return people.is_moderator(user) or (user.is_authenticated and post.author_id == user.pk)


def can_reply(user, thread: Thread) -> bool:
    if not can_read_thread(user, thread) or not people.can_post(user):
        return False
    return not (thread.is_locked or thread.is_closed) or people.is_moderator(user)


def can_edit_post(user, post: Post) -> bool:
    if not user.is_authenticated:
        return False
    if people.is_moderator(user):
        return True
    return post.author_id == user.pk and people.can_post(user) and not post.thread.is_locked


def post_for_reader(*, user, post_id) -> Post:
    try:
        post = Post.objects.select_related("thread").get(pk=int(post_id))
    except (Post.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not can_read_thread(user, post.thread):
        raise Http404
    if post.state == Post.State.QUEUED and not can_see_body(user, post):
        raise Http404
    return post
