"""What the review queue and the public moderation log show, in a fixed number of queries."""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q

from accounts import access as people
from accounts.models import Membership, Organization, User
from threads.core.models import Post
from threads.moderation import hooks
from threads.moderation.access import moderated_threads_filter
from threads.moderation.models import Flag, ModerationAction

LOG_PAGE_SIZE = 50
QUEUE_LIMIT = 100  # items of each kind shown at once; the oldest first


@dataclass
class QueueItem:
    """One post in the queue: flagged (its open flags) or queued (awaiting approval), or handled."""

    post: Post
    flags: list[Flag] = field(default_factory=list)

    @property
    def is_queued(self) -> bool:
        return self.post.state == Post.State.QUEUED

    @property
    def is_open(self) -> bool:
        return self.is_queued or bool(self.flags)

    @property
    def flag_kinds(self) -> list[str]:
        seen = []
        for flag in self.flags:
            label = flag.get_kind_display()
            if label not in seen:
                seen.append(label)
        return seen


def _open_flags() -> Prefetch:
    return Prefetch(
        "flags", queryset=Flag.objects.filter(status=Flag.Status.OPEN).select_related("flagger"), to_attr="open_flags"
    )


def _queue_posts():
    return Post.objects.select_related("thread", "author", "on_behalf_of").prefetch_related(_open_flags())


def queue_item(post_id: int) -> QueueItem | None:
    """One item as the live queue shows it (two queries)."""
    post = _queue_posts().filter(pk=post_id).first()
    if post is None:
        return None
    return QueueItem(post=post, flags=post.open_flags)


@dataclass
class QueueSection:
    """What a concern above moderation asks moderators to review (the `review_queue_sections` hook):
    a heading, the template that shows its items (each with its own forms) and the items."""

    key: str
    title: str
    template: str
    items: list

    @property
    def count(self) -> int:
        return len(self.items)


@dataclass
class Queue:
    posts: list[QueueItem]
    applications: list[Organization]
    membership_requests: list[Membership]
    sections: list[QueueSection] = field(default_factory=list)

    @property
    def count(self) -> int:
        return (len(self.posts) + len(self.applications) + len(self.membership_requests)
                + sum(section.count for section in self.sections))


def review_queue(user) -> Queue:
    """Flagged and queued posts this person moderates; organization applications and membership
    requests for site-wide moderators (admins and representatives decide them); then the sections
    the concerns above add through the `review_queue_sections` hook (flagged translations: one
    query). Six queries."""
    scope = moderated_threads_filter(user, "thread__")
    posts = _queue_posts().filter(Q(state=Post.State.QUEUED) | Q(flags__status=Flag.Status.OPEN)).distinct()
    if scope is not None:
        posts = posts.filter(scope)
    posts = list(posts.order_by("created_at", "pk")[:QUEUE_LIMIT])
    applications, requests = [], []
    if people.is_moderator(user):
        applications = list(
            Organization.objects.filter(status=Organization.Status.APPLIED)
            .select_related("applied_by")
            .order_by("created_at", "pk")[:QUEUE_LIMIT]
        )
        requests = list(
            Membership.objects.filter(status=Membership.Status.PENDING, organization__status=Organization.Status.ADMITTED)
            .select_related("user", "organization")
            .order_by("created_at", "pk")[:QUEUE_LIMIT]
        )
    return Queue(
        posts=[QueueItem(post=p, flags=p.open_flags) for p in posts],
        applications=applications,
        membership_requests=requests,
        sections=[section for section in hooks.review_queue_sections.send(user=user) if section is not None],
    )


def moderation_log(user, *, actor: str = "", action: str = "", area: str = "", page: int = 1):
    """The public log, newest first, filtered; members-only entries only for members. Entries name
    what was acted on and why, never a post's text."""
    entries = ModerationAction.objects.select_related("actor", "subject", "thread", "post").prefetch_related("areas")
    if not people.can_read_members_only(user):
        entries = entries.filter(members_only=False)
    if actor:
        entries = entries.filter(actor__handle=actor.lower())  # the public handle, never the login name (issue 19)
    if action and action in ModerationAction.Kind.values:
        entries = entries.filter(action=action)
    if area:
        entries = entries.filter(areas__slug=area)
    return Paginator(entries.order_by("-created_at", "-pk"), LOG_PAGE_SIZE).get_page(page)


def log_moderators():
    """People who appear as actors in the log, for the filter (one query)."""

    return list(User.objects.filter(moderation_actions__isnull=False).distinct().order_by("username"))
