"""The translations part of a person's data export (accounts.hooks.data_export): every version of
every translation they wrote, with the post it translates (thread title only where they may read it)."""

from accounts.export import when
from threads.core import access
from threads.translations.models import TranslationRevision


def export_sections(*, user) -> dict:
    readable = set(access.readable_threads(user).values_list("pk", flat=True))
    revisions = (
        TranslationRevision.objects.filter(translator=user)
        .select_related("translation__post__thread")  # a post's thread; other kinds name their id
        .order_by("created_at", "pk")
    )
    return {
        "translations": [
            {r.translation.kind: r.translation.target_id, "language": r.translation.language, "version": r.number,
             "based_on_revision": r.based_on_revision, "text": r.body_source, "created_at": when(r.created_at),
             **({"thread": r.translation.post.thread.title} if r.translation.post_id and r.translation.post.thread_id in readable else {})}
            for r in revisions
        ]
    }
