"""The debate's rules as questions (who may run it, who speaks in it, how many words are used):
read by actions before they write and by queries that show what a person may do."""

from accounts import access as people
from accounts.models import Organization
from threads.core.models import Post
from threads.debates.models import ChairAnswer, Debate, LedgerPoint


def is_acting_chair(user, debate: Debate) -> bool:
    """The chair, once accepted: a moderator at once, anyone else when every participating
    organization has accepted them (see `answer_chair`)."""
    return bool(user and user.is_authenticated and user.is_active) and (
        user.pk == debate.chair_id and debate.chair_accepted_at is not None
    )


def can_run(user, debate: Debate) -> bool:
    """Move phases, decide ledger points, write the summary: the accepted chair, moderators, admins."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return is_acting_chair(user, debate) or people.is_moderator(user)


def participant_ids(debate: Debate) -> set[int]:
    cached = getattr(debate, "_participant_ids", None)
    if cached is None:
        cached = set(debate.organizations.values_list("pk", flat=True))
        debate._participant_ids = cached
    return cached


def is_participating(debate: Debate, organization: Organization | None) -> bool:
    return organization is not None and organization.pk in participant_ids(debate)


def voices(user, debate: Debate) -> list[Organization]:
    """The participating organizations this person may speak for in this debate."""
    ids = participant_ids(debate)
    return [org for org in people.speaking_organizations(user) if org.pk in ids]


def takes_part(user, debate: Debate) -> bool:
    """Member of a participating organization, the chair, or a moderator."""
    if can_run(user, debate):
        return True
    ids = participant_ids(debate)
    return any(m.organization_id in ids for m in people.active_memberships(user))


def count_words(text: str) -> int:
    return len((text or "").split())


def phase_posts(debate: Debate):
    """Posts of the current phase, hidden ones and the thread's opening post (the debate's
    introduction, not an organization's statement) left out."""
    opening = Post.objects.filter(thread_id=debate.thread_id).order_by("pk").values("pk")[:1]
    return (
        Post.objects.filter(thread_id=debate.thread_id, created_at__gte=debate.phase_started_at)
        .exclude(state=Post.State.HIDDEN)
        .exclude(pk__in=opening)
    )


def words_used(debate: Debate) -> dict[int, int]:
    """Words each organization has posted on its behalf in the current phase (one query)."""
    used: dict[int, int] = {}
    rows = phase_posts(debate).filter(on_behalf_of__isnull=False).values_list("on_behalf_of_id", "body_source")
    for org_id, body in rows:
        used[org_id] = used.get(org_id, 0) + count_words(body)
    return used


def chair_answers(debate: Debate) -> dict[int, ChairAnswer]:
    """The participating organizations' answers about the current chair, by organization."""
    return {a.organization_id: a for a in ChairAnswer.objects.filter(debate=debate, chair_id=debate.chair_id)}


def may_reword_point(user, debate: Debate, point: LedgerPoint) -> bool:
    """Its proposer or whoever runs the debate, while the debate is open and the point is still
    debated (proposed or accepted). Whether anyone has answered it yet is asked separately
    (`point_is_answered`): a wording an organization or a reply answered is never changed."""
    if not (user and user.is_authenticated and user.is_active) or debate.is_concluded:
        return False
    if point.status not in (LedgerPoint.Status.PROPOSED, LedgerPoint.Status.ACCEPTED):
        return False
    return point.proposed_by_id == user.pk or can_run(user, debate)


def point_is_answered(point: LedgerPoint) -> bool:
    """An organization recorded a stance on it, or a reply quoted it (in any state): two queries."""
    return point.stances.exists() or Post.objects.filter(quoted_point=point).exists()
