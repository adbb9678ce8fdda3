"""Organizations applying to join (issue 19): the admins hear of each new application (bell and
email) and see how many wait in the header; the applicant hears the decision and its reason
through the moderation log's notice (threads.moderation.actions.decide_application)."""

from accounts.models import Organization, User
from threads.following.actions import deliver_on_commit
from threads.following.models import Notification


def admins():
    return User.objects.filter(is_superuser=True, is_active=True, is_deleted=False)


def application_received(organization: Organization) -> list[Notification]:
    """One notice to every admin but the applicant; called inside the applying transaction."""
    notes = [
        Notification(user_id=admin_id, kind=Notification.Kind.ORG_APPLIED, actor_id=organization.applied_by_id,
                     organization=organization)
        for admin_id in admins().exclude(pk=organization.applied_by_id).values_list("pk", flat=True)
    ]
    Notification.objects.bulk_create(notes)
    deliver_on_commit(notes)
    return notes


def waiting_count() -> int:
    return Organization.objects.filter(status=Organization.Status.APPLIED).count()
