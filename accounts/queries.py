"""What the organization and profile pages show, fetched in a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from accounts import access as people
from accounts.models import Membership, Organization, User
from forum.text import sorted_by_name


def admitted_organizations() -> list[Organization]:
    """Admitted organizations in the reader's alphabetical order, each with `member_count` (approved members)."""
    orgs = Organization.objects.filter(status=Organization.Status.ADMITTED).annotate(
        member_count=Count("memberships", filter=Q(memberships__status=Membership.Status.APPROVED))
    )
    return sorted_by_name(orgs)


def organization_applications() -> list[Organization]:
    """Applications waiting for an admin (oldest first), then the ones already declined, with their applicant."""
    return list(
        Organization.objects.exclude(status=Organization.Status.ADMITTED)
        .select_related("applied_by")
        .order_by("-status", "created_at", "pk")  # "applied" before "declined"
    )


@dataclass
class OrganizationPeople:
    representatives: list[Membership] = field(default_factory=list)
    members: list[Membership] = field(default_factory=list)
    pending: list[Membership] = field(default_factory=list)  # shown to those who manage the organization
    own: Membership | None = None  # the reader's own membership, whatever its status


def organization_people(user, organization: Organization) -> OrganizationPeople:
    """Everyone attached to the organization, with their user, in one query; split for the page."""
    result = OrganizationPeople()
    memberships = Membership.objects.filter(organization=organization).select_related("user").order_by("created_at", "pk")
    for membership in memberships:
        if user.is_authenticated and membership.user_id == user.pk:
            result.own = membership
        if membership.status == Membership.Status.APPROVED:
            if membership.role == Membership.Role.REPRESENTATIVE:
                result.representatives.append(membership)
            else:
                result.members.append(membership)
        elif membership.status == Membership.Status.PENDING:
            result.pending.append(membership)
    by_name = lambda m: m.user.public_name  # noqa: E731
    result.representatives = sorted_by_name(result.representatives, name=by_name)
    result.members = sorted_by_name(result.members, name=by_name)
    return result


def memberships_of(user: User) -> list[Membership]:
    """A person's memberships (approved, pending and declined), organizations included, in name order."""
    memberships = Membership.objects.filter(user=user).select_related("organization")
    return sorted_by_name(memberships, name=lambda m: m.organization.name)


__all__ = ["admitted_organizations", "organization_applications", "organization_people", "memberships_of", "people"]
