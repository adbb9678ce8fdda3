"""Who may translate what (a post, position, point, summary, gathering), and which translation a reader is shown."""

from collections.abc import Callable

from django.utils import translation as i18n

from accounts import access as people
from forum.text import guess_language
from threads.moderation import access as moderation_access
from threads.translations import targets
from threads.translations.models import Translation, TranslatorSuspension


def original_language(target) -> str:
    """The language the original (a post, position, point, summary or gathering description) was
    written in, by its script (Persian when it cannot tell)."""
    return guess_language(targets.kind_of(target).text(target) or "") or "fa"


def is_suspended_from_translating(user) -> bool:
    return TranslatorSuspension.objects.filter(user_id=user.pk, lifted_at__isnull=True).exists()


def may_offer_translation(user, target) -> bool:
    """Whether to show the "Translate" link: the author (for a position, whoever speaks for its
    organization; for a summary, the chair), or a volunteer translator (no query but a position's)."""
    return translation_offers(user)(target)


def _never(target) -> bool:
    return False


def _always(target) -> bool:
    return True


def translation_offers(user) -> Callable[[object], bool]:
    """may_offer_translation for one reader and many targets (a thread page's posts): what depends on
    the reader alone (may they post, do they volunteer) is asked once, then each target only for its author."""
    if not user or not user.is_authenticated or not people.can_post(user):
        return _never
    if getattr(user, "volunteers_as_translator", False):
        return _always
    return lambda target: bool(targets.kind_of(target).is_author(user, target))


def can_translate(user, target) -> bool:
    """Its author, or a member who volunteers as a translator; never someone suspended from
    translating; only what they may read (a members-only original's translation is then
    members-only too: it is shown only where the original is). A post: only a visible one, or a
    queued one by its author while writing it."""
    if not may_offer_translation(user, target):
        return False
    if not targets.kind_of(target).can_read(user, target):
        return False
    return not is_suspended_from_translating(user)


def can_moderate_translation(user, target) -> bool:
    return bool(user and user.is_authenticated) and targets.kind_of(target).can_moderate(user, target)


def moderates_texts_in(user, thread) -> bool:
    """Whether a page shows this reader the hide and restore buttons of the translations in a
    thread (its posts; a debate's positions, points and summary): whoever moderates its posts, as
    the actions check (a site or area moderator, the debate's accepted chair)."""
    return bool(user and user.is_authenticated) and moderation_access.can_moderate_thread(user, thread)


def reader_language() -> str:
    return (i18n.get_language() or "fa")[:2]


def shown_translation(target, translations, *, moderator: bool = False) -> Translation | None:
    """The visible translation of the original in the reader's interface language, if any."""
    language = reader_language()
    for candidate in translations:
        if candidate.language == language and candidate.is_visible:
            return candidate
    return None


def language_shown(target, translations) -> str:
    """The language of the text the reader is shown of `target`: its visible translation into their
    interface language, or the original's (what an endorsement or stance was given on)."""
    shown = shown_translation(target, translations)
    return shown.language if shown else original_language(target)
