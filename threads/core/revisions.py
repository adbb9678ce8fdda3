"""One way to keep a new version of a text: posts, positions and summaries alike.

Each of them carries its current text and a `revision_count`, and a revision table keeps every
version numbered from 1. Writing both in one place keeps the numbering the same everywhere (and
one place to change when a correction must hide earlier versions)."""


def revise(owner, revision_model, *, owner_field: str, changes: dict, revision: dict, now, new: bool = False):
    """Apply `changes` to `owner` (already locked by the caller), bump its revision count unless it
    was just created, and keep the version as a row of `revision_model`. Returns the revision."""
    if not new:
        for name, value in changes.items():
            setattr(owner, name, value)
        owner.revision_count += 1
        owner.save(update_fields=[*changes, "revision_count"])
    return revision_model.objects.create(
        **{owner_field: owner}, number=owner.revision_count, created_at=now, **revision
    )
