"""Flagged translations in the moderators' review queue (moderation's `review_queue_sections`
hook), in one query."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from threads.moderation.access import moderated_threads_filter
from threads.moderation.queries import QUEUE_LIMIT, QueueSection
from threads.translations.models import Translation, TranslationFlag


@dataclass
class FlaggedTranslation:
    translation: Translation
    flags: list[TranslationFlag] = field(default_factory=list)


def flagged_translations(user) -> list[FlaggedTranslation]:
    """Visible translations with open flags in threads this person moderates, the oldest flag
    first (one query: the flags with their translation, post, thread, translator and flagger).
    A translation hidden some other way leaves the queue: its flags are moot."""
    flags = TranslationFlag.objects.filter(
        status=TranslationFlag.Status.OPEN, translation__state=Translation.State.VISIBLE
    ).select_related("translation__post__thread", "translation__post__author", "translation__translator", "flagger")
    scope = moderated_threads_filter(user, "translation__post__thread__")
    if scope is not None:
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


def review_queue_section(*, user) -> QueueSection | None:
    return QueueSection(
        key="translations",
        title=_("Flagged translations"),
        template="translations/_queue_translations.html",
        items=flagged_translations(user),
    )
