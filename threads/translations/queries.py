"""Reading translations in a fixed number of queries."""

from threads.core import redaction
from threads.translations import targets
from threads.translations.models import Translation, TranslationRevision


def attach(posts) -> None:
    """Give each post its translations (`translation_list`, translators included) in one query."""
    attach_all(list(posts))


def attach_all(*groups) -> None:
    """Give every object of every group (posts, positions, points, summaries, gatherings; None
    skipped) its translations (`translation_list`, translators included) in one query."""
    objects = [obj for group in groups for obj in (group if isinstance(group, (list, tuple)) else [group])
               if obj is not None]
    wanted = {}  # kind -> {pk: [the objects standing for that row]}
    for obj in objects:
        obj.translation_list = []
        wanted.setdefault(targets.kind_of(obj).name, {}).setdefault(obj.pk, []).append(obj)
    if not wanted:
        return
    condition = None
    for kind, by_pk in wanted.items():
        part = Translation.objects.filter(**{f"{kind}_id__in": list(by_pk)})
        condition = part if condition is None else condition | part
    for item in condition.select_related("translator").order_by("pk"):
        for obj in wanted[item.kind][item.target_id]:
            obj.translation_list.append(item)


def translations_of(target) -> list[Translation]:
    if not hasattr(target, "translation_list"):
        attach_all([target])
    return target.translation_list


def translation_of(target, language: str) -> Translation | None:
    kind = targets.kind_of(target)
    return Translation.objects.filter(**{kind.name: target}, language=language).select_related("translator").first()


def history(translation: Translation, *, may_see_hidden: bool = False) -> list[TranslationRevision]:
    """Its versions, newest first; those saved before its original was corrected for privacy are
    marked hidden (`redacted`) for everyone but moderators (threads/core/redaction.py)."""
    revisions = list(translation.revisions.select_related("translator").order_by("-number"))
    return redaction.mark_hidden(revisions, redaction.latest("translation", translation.pk), may_see_hidden=may_see_hidden)
