"""A person's own data, as one JSON document (/me/export/).

Only what is theirs: their profile, email addresses, memberships, the source text of every post
they wrote (in any thread: their words are theirs), the position revisions they wrote, their
notifications and follow settings. Titles of threads are included only where the person may
read the thread now; nothing written by anyone else is included (a notification says who acted
and where, by name and number, not what they wrote).
"""

from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts import hooks
from accounts.models import Membership, User


def when(value):
    return value.isoformat() if value else None


def export_data(user: User) -> dict:

    data = {
        "exported_at": when(timezone.now()),
        "profile": {
            "username": user.username,
            "display_name": user.display_name,
            "date_joined": when(user.date_joined),
            "two_factor_enabled": user.two_factor_enabled,
            "email_addresses": [
                {"email": e.email, "verified": e.verified, "primary": e.primary}
                for e in EmailAddress.objects.filter(user=user).order_by("pk")
            ],
        },
        "memberships": [
            {"organization": m.organization.slug, "name": m.organization.name, "role": m.role, "status": m.status,
             "note": m.note, "requested_at": when(m.created_at), "decided_at": when(m.decided_at)}
            for m in Membership.objects.filter(user=user).select_related("organization").order_by("created_at", "pk")
        ],
    }
    for part in hooks.data_export.send(user=user):  # posts, positions, notifications, following
        data.update(part)
    return data
