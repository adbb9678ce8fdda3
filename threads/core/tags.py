"""Free-form tags (issue 19): one tag whatever the letter forms, ZWNJ or case it is typed in;
each has a page (/tags/<slug>/) listing the threads the reader may read, and a feed.

Tags are taggit's standard `Tag`; this module decides their slug (threads.core.tag_names.tag_slug),
so the action layer hands `Thread.tags.set` Tag objects rather than names.
"""

from django.core.paginator import Paginator
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.http import Http404
from taggit.models import Tag

from accounts import access as people
from threads.core.models import Thread
from threads.core.tag_names import display_name, tag_slug

TAG_PAGE_SIZE = 30
AREA_TAGS = 12


def tags_for_names(names: list[str]) -> list[Tag]:
    """The Tag of each name (variants of one tag give it once), created when new. Two queries."""
    wanted: dict[str, str] = {}
    for name in names:
        slug = tag_slug(name)
        if slug and slug not in wanted:
            wanted[slug] = display_name(name)
    existing = {tag.slug: tag for tag in Tag.objects.filter(slug__in=wanted)}
    tags = []
    for slug, name in wanted.items():
        tag = existing.get(slug)
        if tag is None:
            # A tag whose name is taken under another slug (made before names were normalized)
            # is reused rather than duplicated.
            tag = Tag.objects.filter(name=name).first() or Tag.objects.create(name=name, slug=slug)
        tags.append(tag)
    return tags


def tag_for_reader(user, slug: str) -> Tag:
    """The tag, or Http404 when no thread the reader may read carries it (one query). A tag typed
    only on members-only threads is members-only content: its name (often the subject itself) and
    its very existence stay hidden, and its page answers exactly as for a tag nobody used."""
    tag = (
        Tag.objects.filter(slug=tag_slug(slug) or slug)
        .filter(Exists(Thread.objects.filter(_readable(user), tag_links__tag=OuterRef("pk"))))
        .first()
    )
    if tag is None:
        raise Http404("No such tag.")
    return tag


def _readable(user, prefix: str = "") -> Q:
    condition = Q(**{f"{prefix}merged_into__isnull": True})
    if not people.can_read_members_only(user):
        condition &= Q(**{f"{prefix}visibility": Thread.Visibility.PUBLIC})
    return condition


def tag_threads(user, tag: Tag, *, page: int = 1):
    """One page of the threads carrying the tag that the reader may read, newest activity first
    (two queries: the count and the page; areas prefetched, one more)."""
    threads = (
        Thread.objects.filter(_readable(user), tag_links__tag=tag)
        .select_related("author", "on_behalf_of")
        .prefetch_related("areas")
        .order_by("-last_activity_at", "-pk")
    )
    return Paginator(threads, TAG_PAGE_SIZE).get_page(page)


def area_tags(user, area, *, limit: int = AREA_TAGS) -> list[Tag]:
    """The tags most used on the area's threads that the reader may read, with `thread_count`. One query."""
    readable = _readable(user, "thread_links__content_object__") & Q(thread_links__content_object__area_links__tag=area)
    return list(
        Tag.objects.annotate(
            thread_count=Count("thread_links", filter=readable, distinct=True),
            latest=Max("thread_links__content_object__last_activity_at", filter=readable),
        )
        .filter(thread_count__gt=0)
        .order_by("-thread_count", "-latest", "name")[:limit]
    )
