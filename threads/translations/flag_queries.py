"""Flagged translations in the moderators' review queue (moderation's `review_queue_sections`
hook), in one query; and one of them, as open queues receive it live (its `review_queue_item`
hook)."""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from threads.moderation.access import moderated_threads_filter
from threads.moderation.queries import QUEUE_LIMIT, QueueSection
from threads.translations import targets
from threads.translations.models import Translation, TranslationFlag

SECTION = "translations"  # its key in the review queue


# Where each kind's thread is, from a flag (a gathering's may be missing: site moderators only).
_THREAD_PATHS = {
    "post": "translation__post__thread",
    "position": "translation__position__debate__thread",
    "point": "translation__point__debate__thread",
    "summary": "translation__summary__debate__thread",
    "gathering": "translation__gathering__thread",
}


@dataclass
class FlaggedTranslation:
    translation: Translation
    flags: list[TranslationFlag] = field(default_factory=list)

    @property
    def target(self):
        return self.translation.target  # joined with the flags: no query

    @property
    def url(self) -> str:
        """Where the text is shown, at its place (targets.py, per kind)."""
        return targets.kind_of(self.target).url(self.target)

    @property
    def original(self) -> dict:
        return targets.original(self.target)

    @property
    def members_only(self) -> bool:
        target = self.target
        if hasattr(target, "is_members_only"):  # a gathering has its own visibility
            return target.is_members_only
        thread = targets.kind_of(target).thread(target)
        return bool(thread and thread.is_members_only)


def _open_flags():
    """Open flags on visible translations, joined with the translation, whichever text it
    translates (and that text's thread), its translator and the flagger."""
    return TranslationFlag.objects.filter(
        status=TranslationFlag.Status.OPEN, translation__state=Translation.State.VISIBLE
    ).select_related(*_THREAD_PATHS.values(), "translation__post__author", "translation__translator", "flagger")


def flagged_translations(user) -> list[FlaggedTranslation]:
    """Visible translations (of posts, positions, points, summaries, gatherings) with open flags in
    threads this person moderates, the oldest flag first (one query: the flags with their
    translation, its original and that original's thread, translator and flagger).
    A translation hidden some other way leaves the queue: its flags are moot."""
    flags = _open_flags()
    scopes = [moderated_threads_filter(user, f"{path}__") for path in _THREAD_PATHS.values()]
    if scopes[0] is not None:
        scope = reduce(or_, scopes)
        flags = flags.filter(scope).distinct()  # an area join may repeat a flag
    items: dict[int, FlaggedTranslation] = {}
    for flag in flags.order_by("created_at", "pk"):
        item = items.get(flag.translation_id)
        if item is None:
            if len(items) >= QUEUE_LIMIT:
                continue
            item = items[flag.translation_id] = FlaggedTranslation(translation=flag.translation)
        item.flags.append(flag)
    return list(items.values())


def flagged_translation(translation_id: int) -> FlaggedTranslation | None:
    """One translation's open flags (one query), or None once they are handled or it is hidden."""
    flags = list(_open_flags().filter(translation_id=translation_id).order_by("created_at", "pk"))
    return FlaggedTranslation(translation=flags[0].translation, flags=flags) if flags else None


def review_queue_section(*, user) -> QueueSection | None:
    return QueueSection(
        key=SECTION,
        title=_("Flagged translations"),
        template="translations/_queue_translations.html",
        items=flagged_translations(user),
    )


def review_queue_item(*, section: str, item_id: int) -> str | None:
    """A flagged translation's item for open review queues (rendered without a request: the item
    links to the queue, whose page has the forms), or "Handled." once its flags are."""
    if section != SECTION:
        return None
    return render_to_string("translations/_queue_translation.html",
                            {"item": flagged_translation(item_id), "translation_id": item_id, "live": True})
