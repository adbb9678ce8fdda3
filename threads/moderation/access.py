"""Who moderates what: site-wide moderators, area moderators, a debate's accepted chair."""

from django.db.models import Q

from accounts import access as people
from threads.core.models import AreaOfThread, Thread
from threads.debates.models import Debate
from threads.moderation.models import AreaModerator


def moderated_area_ids(user) -> frozenset[int]:
    """The areas this person moderates (not site-wide); one query, only for area moderators."""
    if not user or not user.is_authenticated or not getattr(user, "is_area_moderator", False):
        return frozenset()
    if not people.has_two_factor(user):
        return frozenset()
    cached = getattr(user, "_moderated_area_ids", None)
    if cached is None:
        cached = frozenset(AreaModerator.objects.filter(user=user).values_list("area_id", flat=True))
        user._moderated_area_ids = cached
    return cached


def is_active_person(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and not people.is_suspended(user))


def can_moderate_areas_of(user, thread: Thread) -> bool:
    """Site-wide moderators, and moderators of one of the thread's areas."""
    if people.is_moderator(user):
        return True
    ids = moderated_area_ids(user) if is_active_person(user) else frozenset()
    return bool(ids) and AreaOfThread.objects.filter(content_object_id=thread.pk, tag_id__in=ids).exists()


def is_chair_of(user, thread: Thread) -> bool:
    if not is_active_person(user) or thread.kind != Thread.Kind.DEBATE:
        return False
    if Thread.debate.is_cached(thread):
        return thread.debate.chair_id == user.pk and thread.debate.chair_is_accepted
    return Debate.objects.filter(thread_id=thread.pk, chair_id=user.pk, chair_accepted_at__isnull=False).exists()


def can_moderate_thread(user, thread: Thread) -> bool:
    """May act on this thread's posts: moderators, its areas' moderators, the chair of its debate."""
    return can_moderate_areas_of(user, thread) or is_chair_of(user, thread)


def is_any_moderator(user) -> bool:
    """May open the review queue: site-wide or area moderators, and chairs of a debate."""
    if people.is_moderator(user):
        return True
    if not is_active_person(user):
        return False
    return bool(moderated_area_ids(user)) or Debate.objects.filter(chair_id=user.pk, chair_accepted_at__isnull=False).exists()


def moderated_threads_filter(user, prefix: str = "") -> Q | None:
    """A filter on threads (through `prefix`) to those this person moderates; None when all."""
    if people.is_moderator(user):
        return None
    if not is_active_person(user):
        return Q(pk__in=[])
    ids = moderated_area_ids(user)
    q = Q(**{f"{prefix}debate__chair_id": user.pk, f"{prefix}debate__chair_accepted_at__isnull": False})
    if ids:
        q |= Q(**{f"{prefix}area_links__tag_id__in": ids})
    return q
