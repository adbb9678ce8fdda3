"""Who may translate which post, and which translation a reader is shown."""

from django.utils import translation as i18n

from accounts import access as people
from forum.text import guess_language
from threads.core import access as core_access
from threads.moderation import access as moderation_access
from threads.translations.models import Translation, TranslatorSuspension


def original_language(post) -> str:
    """The language the post was written in, by its script (Persian when it cannot tell)."""
    return guess_language(post.body_source or "") or "fa"


def is_suspended_from_translating(user) -> bool:
    return TranslatorSuspension.objects.filter(user_id=user.pk, lifted_at__isnull=True).exists()


def may_offer_translation(user, post) -> bool:
    """Whether to show the "Translate" link: the author, or a volunteer translator (no query)."""
    if not user or not user.is_authenticated or not people.can_post(user):
        return False
    return post.author_id == user.pk or bool(getattr(user, "volunteers_as_translator", False))


def can_translate(user, post) -> bool:
    """The post's author, or a member who volunteers as a translator; never someone suspended from
    translating; only a visible post of a thread they may read (a members-only post's
    translation is then members-only too: it is shown only where the post is)."""
    if not may_offer_translation(user, post):
        return False
    if not core_access.can_read_thread(user, post.thread):
        return False
    if post.state != post.State.VISIBLE and not (post.state == post.State.QUEUED and post.author_id == user.pk):
        return False  # a queued post: only its author, while writing it
    return not is_suspended_from_translating(user)


def can_moderate_translation(user, post) -> bool:
    return moderation_access.can_moderate_thread(user, post.thread)


def reader_language() -> str:
    return (i18n.get_language() or "fa")[:2]


def shown_translation(post, translations, *, moderator: bool = False) -> Translation | None:
    """The visible translation of the post in the reader's interface language, if any."""
    language = reader_language()
    for candidate in translations:
        if candidate.language == language and candidate.is_visible:
            return candidate
    return None
