"""What each page shows, fetched in a fixed number of queries however much there is."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, prefetch_related_objects

from accounts import access as people
from threads.core import access
from threads.core.models import Area, Post, PostRevision, Redaction, Thread

THREAD_LIST_SIZE = 30


def _readable_filter(user, prefix: str = "") -> Q:
    """Threads this reader may read and that stand on their own (a merged thread's posts live in
    the thread it was merged into; its own page says so and links there)."""
    listed = Q(**{f"{prefix}merged_into__isnull": True})
    if people.can_read_members_only(user):
        return listed
    return listed & Q(**{f"{prefix}visibility": Thread.Visibility.PUBLIC})


def listed_threads(user) -> QuerySet[Thread]:
    return access.readable_threads(user).filter(merged_into__isnull=True)


def areas_with_activity(user) -> list[Area]:
    """The seven areas, each with the number of threads this reader may see and their latest activity."""
    readable = _readable_filter(user, "thread_links__content_object__")
    return list(
        Area.objects.annotate(
            thread_count=Count("thread_links", filter=readable, distinct=True),
            latest_activity=Max("thread_links__content_object__last_activity_at", filter=readable),
        ).order_by("number")
    )


def _thread_list(threads: QuerySet[Thread]) -> QuerySet[Thread]:
    return threads.select_related("author", "on_behalf_of").prefetch_related("areas")


def recent_threads(user, *, limit: int = THREAD_LIST_SIZE) -> list[Thread]:
    threads = listed_threads(user).order_by("-is_pinned", "-last_activity_at", "-pk")
    return list(_thread_list(threads)[:limit])


def area_threads(user, area: Area, *, page: int = 1):
    threads = listed_threads(user).filter(area_links__tag=area).order_by("-is_pinned", "-last_activity_at", "-pk")
    return Paginator(_thread_list(threads), THREAD_LIST_SIZE).get_page(page)


def organization_threads(user, organization, *, limit: int = THREAD_LIST_SIZE) -> list[Thread]:
    threads = listed_threads(user).filter(on_behalf_of=organization).order_by("-last_activity_at", "-pk")
    return list(_thread_list(threads)[:limit])


def thread_page(user, thread: Thread, *, page: int = 1):
    """The posts of one page of a thread, each with its author, organization and the post it answers.

    Joined only what posts of the thread's kind show (issue 16): PostgreSQL spent 3 ms (9–17 ms
    under load) *planning* the nine-table join, 0.3 ms planning the five tables a discussion
    needs; the quoted ledger points and positions are joined for debates only, and the post
    replied to brings only what the "in reply to" line shows."""
    related = ["author", "on_behalf_of", "reply_to__author"]
    if thread.kind == Thread.Kind.DEBATE:
        related += ["quoted_point", "quoted_position__position__organization"]
    posts = (
        Post.objects.filter(thread=thread)
        .filter(access.visible_posts_filter(user))
        .select_related(*related)
        .defer("reply_to__body_source", "reply_to__body_html", "reply_to__hidden_reason")
        .annotate(is_redacted=redacted_post())  # no "Quote" link on a post corrected for privacy
        .order_by("created_at", "pk")
    )
    paginator = Paginator(posts, settings.HAMGAMI["PAGE_SIZE"])
    return paginator.get_page(page)


def redacted_post() -> Exists:
    """Whether a moderator corrected the post to remove information (a `Redaction` of it), read in
    the posts' own query: such a post cannot be quoted (threads.translations.quoting)."""
    return Exists(Redaction.objects.filter(kind=Redaction.Kind.POST, target_id=OuterRef("pk")))


def is_redacted(post: Post) -> bool:
    """The same for one post, read once (a live event's render): a post never edited was never corrected."""
    if not hasattr(post, "is_redacted"):
        post.is_redacted = post.revision_count > 1 and Redaction.objects.filter(
            kind=Redaction.Kind.POST, target_id=post.pk
        ).exists()
    return post.is_redacted


def page_of_post(user, post: Post) -> int:
    """The page of its thread on which this reader finds the post (hidden posts count; they keep their place)."""
    before = (
        Post.objects.filter(thread_id=post.thread_id)
        .filter(access.visible_posts_filter(user))
        .filter(Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk))
        .count()
    )
    return before // settings.HAMGAMI["PAGE_SIZE"] + 1


def thread_with_labels(thread: Thread) -> Thread:
    """Fill the thread's areas and tags in one query each (prefetch on a single object)."""

    prefetch_related_objects([thread], "areas", "tags")
    return thread


def post_revisions(post: Post) -> list[PostRevision]:
    return list(post.revisions.select_related("edited_by").order_by("-number"))


def area_list() -> list[Area]:
    return list(Area.objects.order_by("number"))
