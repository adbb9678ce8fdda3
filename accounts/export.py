"""A person's own data, as one JSON document (/me/export/).

Only what is theirs: their profile, email addresses, memberships, the source text of every post
they wrote (in any thread: their words are theirs), the position revisions they wrote, their
notifications and follow settings. Titles of threads are included only where the person may
read the thread now; nothing written by anyone else is included (a notification says who acted
and where, by name and number, not what they wrote).
"""

from django.utils import timezone

from accounts.models import Membership, User


def _when(value):
    return value.isoformat() if value else None


def export_data(user: User) -> dict:
    from allauth.account.models import EmailAddress

    from threads.core import access
    from threads.following.models import FollowPreferences, Notification, Subscription
    from threads.core.models import Post
    from threads.debates.models import PositionRevision

    readable = set(access.readable_threads(user).values_list("pk", flat=True))

    def thread_ref(thread):
        ref = {"id": thread.pk}
        if thread.pk in readable:
            ref["title"] = thread.title
            ref["url"] = thread.get_absolute_url()
        return ref

    posts = Post.objects.filter(author=user).select_related("thread", "on_behalf_of").order_by("created_at", "pk")
    revisions = (
        PositionRevision.objects.filter(author=user)
        .select_related("position__organization", "position__debate__thread")
        .order_by("created_at", "pk")
    )
    notes = Notification.objects.filter(user=user).select_related("actor", "thread").order_by("created_at", "pk")
    prefs = FollowPreferences.objects.filter(user=user).first()
    return {
        "exported_at": _when(timezone.now()),
        "profile": {
            "username": user.username,
            "display_name": user.display_name,
            "date_joined": _when(user.date_joined),
            "two_factor_enabled": user.two_factor_enabled,
            "email_addresses": [
                {"email": e.email, "verified": e.verified, "primary": e.primary}
                for e in EmailAddress.objects.filter(user=user).order_by("pk")
            ],
        },
        "memberships": [
            {"organization": m.organization.slug, "name": m.organization.name, "role": m.role, "status": m.status,
             "note": m.note, "requested_at": _when(m.created_at), "decided_at": _when(m.decided_at)}
            for m in Membership.objects.filter(user=user).select_related("organization").order_by("created_at", "pk")
        ],
        "posts": [
            {"id": p.pk, "thread": thread_ref(p.thread), "created_at": _when(p.created_at),
             "edited_at": _when(p.edited_at), "state": p.state, "text": p.body_source,
             "on_behalf_of": p.on_behalf_of.slug if p.on_behalf_of else None}
            for p in posts
        ],
        "positions": [
            {"debate": thread_ref(r.position.debate.thread), "organization": r.position.organization.slug,
             "revision": r.number, "stance": r.stance, "statement": r.statement_source, "phase": r.phase,
             "created_at": _when(r.created_at)}
            for r in revisions
        ],
        "notifications": [
            {"kind": n.kind, "created_at": _when(n.created_at), "read_at": _when(n.read_at),
             "by": n.actor.public_name if n.actor else None,
             "thread": thread_ref(n.thread) if n.thread_id else None}
            for n in notes
        ],
        "following": {
            "email": prefs.email if prefs else None,
            "watch_when_posting": prefs.watch_when_posting if prefs else None,
            "subscriptions": [
                {"thread": s.thread_id and thread_ref(s.thread), "area": s.area.slug if s.area_id else None,
                 "organization": s.organization.slug if s.organization_id else None, "level": s.level}
                for s in Subscription.objects.filter(user=user).select_related("thread", "area", "organization")
            ],
        },
    }
