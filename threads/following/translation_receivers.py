"""Following hears translations (connected in ThreadsConfig.ready): a saved, hidden or restored
translation of a post reindexes the post, so search finds a post by either text; an outdated one
(of any text: a post, position, point, summary or gathering) tells its translator. (Translations of
positions, points, summaries and gatherings are not indexed.)"""

from threads.following import actions, search
from threads.translations import hooks as translation_hooks


def translation_saved(*, translation) -> None:
    if translation.post_id is not None:
        search.index_post(translation.post)


def translation_outdated(*, translation, editor) -> None:
    actions.notify_translation_outdated(translation=translation, editor=editor)


def connect() -> None:
    translation_hooks.translation_saved.connect(translation_saved)
    translation_hooks.translation_outdated.connect(translation_outdated)
