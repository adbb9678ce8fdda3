"""What a person's page shows (issue 19), in a fixed number of queries, as the reader may see it."""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Max, Q
from django.http import Http404

from accounts import access as people
from accounts.models import Membership, Organization, PersonFollow, User
from forum.text import sorted_by_name
from threads.core.models import Post, Thread
from threads.debates.models import Position
from threads.joint.models import Visibility
from threads.translations import targets
from threads.translations.models import Translation

RECENT_POSTS = 20
RECENT_POSITIONS = 10
RECENT_TRANSLATIONS = 10


def person_for_reader(handle: str) -> User:
    """The person with this handle, or Http404 (also for deleted and deactivated accounts)."""
    person = User.objects.filter(handle=(handle or "").lower(), is_active=True, is_deleted=False).first()
    if person is None:
        raise Http404("No such person.")
    return person


@dataclass
class PersonPage:
    person: User
    memberships: list = field(default_factory=list)  # approved, in admitted organizations
    posts: list = field(default_factory=list)  # empty when the person chose not to list them
    positions: list = field(default_factory=list)  # positions they wrote for an organization
    translations: list = field(default_factory=list)  # what they last translated, every kind (issue 20)
    lists_posts: bool = True
    is_followed: bool = False


def _thread_filter(reader, prefix: str):
    """Only threads this reader may read: public ones, members-only ones for members and moderators."""
    conditions = {f"{prefix}merged_into__isnull": True}
    if not people.can_read_members_only(reader):
        conditions[f"{prefix}visibility"] = Thread.Visibility.PUBLIC
    return conditions


def person_page(reader, person: User) -> PersonPage:
    """Five queries at most: memberships, recent visible posts, positions, translations, whether
    the reader follows.

    Only posts that are visible (never hidden or queued ones) in threads the reader may read; a
    person who chose not to list their posts shows none, except to themselves. The same for the
    translations they made: visible ones, of every kind (a post, a position, a ledger point, a
    summary, a gathering's description), of what the reader may read, in one query."""
    page = PersonPage(person=person, lists_posts=person.lists_posts)
    memberships = Membership.objects.filter(
        user=person, status=Membership.Status.APPROVED, organization__status=Organization.Status.ADMITTED
    ).select_related("organization")
    page.memberships = sorted_by_name(list(memberships), name=lambda m: m.organization.name)
    own_page = reader.is_authenticated and reader.pk == person.pk
    if person.lists_posts or own_page:
        page.posts = list(
            Post.objects.filter(author=person, state=Post.State.VISIBLE, **_thread_filter(reader, "thread__"))
            .select_related("thread", "on_behalf_of")
            .order_by("-created_at", "-pk")[:RECENT_POSTS]
        )
        page.positions = list(
            Position.objects.filter(revisions__author=person, **_thread_filter(reader, "debate__thread__"))
            .annotate(last_written=Max("revisions__created_at"))
            .select_related("debate__thread", "organization")
            .order_by("-last_written", "-pk")[:RECENT_POSITIONS]
        )
        page.translations = recent_translations(reader, person)
    if reader.is_authenticated and not own_page:
        page.is_followed = PersonFollow.objects.filter(follower=reader, person=person).exists()
    return page


def _translations_readable(reader) -> Q:
    """Translations of texts this reader may read, whatever their kind: a visible post, a debate's
    position, point or summary in a readable thread, a gathering's description (members-only ones
    for those who may read them)."""
    debate_texts = [
        Q(**{f"{kind}__isnull": False}, **_thread_filter(reader, f"{kind}__debate__thread__"))
        for kind in ("position", "point", "summary")
    ]
    gathering = Q(gathering__isnull=False)
    if not people.can_read_members_only(reader):
        gathering &= Q(gathering__visibility=Visibility.PUBLIC)
    post = Q(post__isnull=False, post__state=Post.State.VISIBLE, **_thread_filter(reader, "post__thread__"))
    return reduce(or_, [post, *debate_texts, gathering])


def recent_translations(reader, person: User) -> list[Translation]:
    """Their latest visible translations of every kind the reader may read, in one query, each with
    `link` (where its text is shown), `title` and `members_only`."""
    items = list(
        Translation.objects.filter(_translations_readable(reader), translator=person, state=Translation.State.VISIBLE)
        .select_related("post__thread", "position__debate__thread", "position__organization",
                        "point__debate__thread", "summary__debate__thread", "gathering")
        .order_by("-updated_at", "-pk")[:RECENT_TRANSLATIONS]
    )
    for item in items:
        target = item.target
        item.link = targets.KINDS[item.kind].url(target)
        if item.kind == "gathering":
            item.title, item.members_only = target.title, target.is_members_only
        else:
            thread = target.thread if item.kind == "post" else target.debate.thread
            item.title, item.members_only = thread.title, thread.is_members_only
    return items


def follower_ids(person_id: int) -> list[int]:
    return list(PersonFollow.objects.filter(person_id=person_id).values_list("follower_id", flat=True))
