"""The events part of a person's data export (accounts.hooks.data_export): every version of an
event they wrote, an edit or the event as they proposed it (kept as it stands while never edited).
Their words are theirs, so every version is included; the event's link only where they may read it
now."""

from accounts.export import when
from threads.joint import access
from threads.joint.models import Gathering, GatheringRevision


def export_sections(*, user) -> dict:
    readable = set(access.readable_gatherings(user).values_list("pk", flat=True))

    def version(gathering, number, v):
        return {"event": gathering.pk, **({"url": gathering.get_absolute_url()} if gathering.pk in readable else {}),
                "version": number, "current": number == gathering.revision_count, "title": v.title,
                "description": v.description_source, "starts_at": when(v.starts_at), "ends_at": when(v.ends_at),
                "time_zone": v.time_zone, "place": v.place, "online_url": v.online_url,
                "created_at": when(v.created_at)}

    edited = [version(r.gathering, r.number, r) for r in GatheringRevision.objects.filter(author=user).select_related("gathering")]
    # an event never edited keeps its only version on the event itself
    unedited = [version(g, 1, g) for g in Gathering.objects.filter(proposed_by=user, revisions__isnull=True)]
    return {"event_versions": sorted(edited + unedited, key=lambda v: (v["created_at"], v["event"], v["version"]))}
