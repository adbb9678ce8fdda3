"""The threads part of a person's data export (accounts.export asks through accounts.hooks.data_export):
their posts, position revisions, notifications and follow settings. Titles only of threads they
may read now."""

from accounts.export import when
from threads.core import access
from threads.core.models import Post
from threads.debates.models import PositionRevision
from threads.following.models import FollowPreferences, Notification, Subscription


def export_sections(*, user) -> dict:
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
        "posts": [
            {"id": p.pk, "thread": thread_ref(p.thread), "created_at": when(p.created_at),
             "edited_at": when(p.edited_at), "state": p.state, "text": p.body_source,
             "on_behalf_of": p.on_behalf_of.slug if p.on_behalf_of else None}
            for p in posts
        ],
        "positions": [
            {"debate": thread_ref(r.position.debate.thread), "organization": r.position.organization.slug,
             "revision": r.number, "stance": r.stance, "statement": r.statement_source, "phase": r.phase,
             "created_at": when(r.created_at)}
            for r in revisions
        ],
        "notifications": [
            {"kind": n.kind, "created_at": when(n.created_at), "read_at": when(n.read_at),
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
