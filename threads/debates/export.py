"""The debates part of a person's data export (accounts.hooks.data_export): every wording of a
ledger point they wrote, a correction or the first wording they proposed (kept as it stands while
never corrected). Their words are theirs, so every wording is included; the debate's title only
where they may read its thread now."""

from accounts.export import when
from threads.core import access
from threads.debates.models import LedgerPoint, LedgerPointRevision


def export_sections(*, user) -> dict:
    readable = set(access.readable_threads(user).values_list("pk", flat=True))

    def debate_ref(debate):
        ref = {"id": debate.thread_id}
        if debate.thread_id in readable:
            ref["title"] = debate.thread.title
            ref["url"] = debate.thread.get_absolute_url()
        return ref

    def wording(point, number, text, created_at):
        return {"debate": debate_ref(point.debate), "point": point.number, "wording": number, "text": text,
                "current": number == point.revision_count, "created_at": when(created_at)}

    corrected = [
        wording(r.point, r.number, r.text, r.created_at)
        for r in LedgerPointRevision.objects.filter(author=user).select_related("point__debate__thread")
    ]
    # a point never corrected keeps its only wording on the point itself
    uncorrected = [
        wording(p, 1, p.text, p.created_at)
        for p in LedgerPoint.objects.filter(proposed_by=user, revisions__isnull=True).select_related("debate__thread")
    ]
    return {"ledger_point_wordings": sorted(corrected + uncorrected, key=lambda w: (w["created_at"], w["debate"]["id"],
                                                                                     w["point"], w["wording"]))}
