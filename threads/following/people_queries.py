"""What a person's page shows (issue 19), in a fixed number of queries, as the reader may see it."""

from dataclasses import dataclass, field

from django.db.models import Max
from django.http import Http404

from accounts import access as people
from accounts.models import Membership, Organization, PersonFollow, User
from forum.text import sorted_by_name
from threads.core.models import Post, Thread
from threads.debates.models import Position
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
    translations: list = field(default_factory=list)  # translations of posts they last saved (issue 20)
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
    translations they made: visible ones of visible posts in threads the reader may read."""
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
        page.translations = list(
            Translation.objects.filter(
                translator=person, state=Translation.State.VISIBLE, post__state=Post.State.VISIBLE,
                **_thread_filter(reader, "post__thread__"),
            )
            .select_related("post__thread")
            .order_by("-updated_at", "-pk")[:RECENT_TRANSLATIONS]
        )
    if reader.is_authenticated and not own_page:
        page.is_followed = PersonFollow.objects.filter(follower=reader, person=person).exists()
    return page


def follower_ids(person_id: int) -> list[int]:
    return list(PersonFollow.objects.filter(person_id=person_id).values_list("follower_id", flat=True))
