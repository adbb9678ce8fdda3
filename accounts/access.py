"""Who may do what, asked in one place. Memberships are read once per request and kept on the user."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone

from accounts.models import Membership, Organization

VISITOR = "visitor"
MEMBER = "member"
MODERATOR = "moderator"
AUDIENCES = (VISITOR, MEMBER, MODERATOR)


def active_memberships(user) -> list[Membership]:
    """Approved memberships in admitted organizations, organization included; one query per request."""
    if not user or not user.is_authenticated:
        return []
    cached = getattr(user, "_active_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(
                user=user,
                status=Membership.Status.APPROVED,
                organization__status=Organization.Status.ADMITTED,
            ).select_related("organization")
        )
        user._active_memberships = cached
    return cached


def forget_memberships(user) -> None:
    if hasattr(user, "_active_memberships"):
        del user._active_memberships


def restriction(user) -> str:
    """The person's current restriction: "suspend", "silence" or "" (kept on the user, no query)."""
    if not user or not user.is_authenticated:
        return ""
    until = getattr(user, "restricted_until", None)
    if until is None or until <= timezone.now():
        return ""
    return user.restriction


def is_suspended(user) -> bool:
    """Suspended people read public content only and post nothing; silenced people only post nothing."""
    return restriction(user) == "suspend"


def has_two_factor(user) -> bool:
    """Roles (moderator, representative, admin) act only with two-factor authentication on."""

    if not settings.HAMGAMI.get("ROLES_REQUIRE_TWO_FACTOR", True):
        return True
    return bool(getattr(user, "two_factor_enabled", False))


def is_admin(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser and has_two_factor(user))


def is_moderator(user) -> bool:
    return bool(
        user and user.is_authenticated and user.is_active and (user.is_moderator or user.is_superuser)
        and not is_suspended(user)
        and has_two_factor(user)
    )


def roles_waiting_for_two_factor(user) -> bool:
    """Holds a role it cannot act in yet, because two-factor authentication is off (the page says so)."""
    if not user or not user.is_authenticated or has_two_factor(user):
        return False
    holds_role = user.is_moderator or user.is_superuser or getattr(user, "is_area_moderator", False)
    return holds_role or any(m.role == Membership.Role.REPRESENTATIVE for m in active_memberships(user))


def is_member(user) -> bool:
    """Belongs to at least one admitted organization (or moderates, which includes reading)."""
    return bool(user and user.is_authenticated and user.is_active and not is_suspended(user) and active_memberships(user))


def can_read_members_only(user) -> bool:
    return is_member(user) or is_moderator(user)


def can_post(user) -> bool:
    return (is_member(user) or is_moderator(user)) and not restriction(user)


def speaking_organizations(user) -> list[Organization]:
    """Organizations this person may speak for (as their representative, with two-factor on)."""
    if not has_two_factor(user):
        return []
    return [m.organization for m in active_memberships(user) if m.role == Membership.Role.REPRESENTATIVE]


def can_speak_for(user, organization: Organization | None) -> bool:
    return organization is not None and any(o.pk == organization.pk for o in speaking_organizations(user))


def can_manage_organization(user, organization: Organization) -> bool:
    """Approve its members and name its representatives: its representatives, or an admin."""
    return is_admin(user) or can_speak_for(user, organization)


def audience_of(user) -> str:
    """Which rendering of shared content this person gets: visitor, member or moderator."""
    if is_moderator(user):
        return MODERATOR
    if is_member(user):
        return MEMBER
    return VISITOR


def anonymous() -> AnonymousUser:
    return AnonymousUser()


def can_see_organization(user, organization: Organization) -> bool:
    """Admitted organizations are public; one applying or declined is seen by its applicant and admins only."""
    if organization.is_admitted:
        return True
    return is_admin(user) or bool(
        user and user.is_authenticated and organization.applied_by_id is not None and organization.applied_by_id == user.pk
    )


def organization_for_reader(user, slug: str) -> Organization:
    """The organization, or Http404 when it is missing or this person may not see it (no difference shown)."""

    organization = Organization.objects.filter(slug=slug).first()
    if organization is None or not can_see_organization(user, organization):
        raise Http404("No such organization.")
    return organization
