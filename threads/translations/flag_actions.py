"""Flagging translations (issue 20): a reader reports a translation; a moderator hides it (the
flags upheld) or dismisses the flags. Permission checked inside, one transaction, logged through
moderation's `record`; the hourly limit is the one post flags count against."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts import access as people
from forum.errors import invalid, require
from threads.core import access as core_access
from threads.moderation.actions import AlreadyHandled, count_flag, handle_flags, publish_queue_section_item, record
from threads.moderation.models import ModerationAction
from threads.translations import access
from threads.translations.flag_queries import SECTION
from threads.translations.actions import hide_translation
from threads.translations.models import Translation, TranslationFlag


def flag_translation(*, acting_user, translation: Translation, kind: str, note: str = "") -> TranslationFlag:
    """Report a translation to the moderators of its thread; once per person per translation."""
    require(acting_user.is_authenticated, _("Sign in to flag a translation."))
    require(not people.restriction(acting_user), _("You cannot flag while your account is restricted."))
    post = translation.post
    require(core_access.can_read_thread(acting_user, post.thread), _("You cannot flag this translation."))
    if kind not in TranslationFlag.Kind.values:
        raise invalid(_("Choose why you flag this translation."), "kind")
    note = " ".join((note or "").split())[:500]
    if kind == TranslationFlag.Kind.OTHER and not note:
        raise invalid(_("Say in a few words what is wrong with the translation."), "note")
    if translation.translator_id == acting_user.pk:
        raise invalid(_("You cannot flag your own translation; improve it instead."), "kind")
    if not translation.is_visible or not post.is_visible:
        raise AlreadyHandled(_("This translation is already hidden; the moderators know of it."))
    if TranslationFlag.objects.filter(translation=translation, flagger=acting_user).exists():
        raise AlreadyHandled(_("You have already flagged this translation; the moderators will look at it."))
    count_flag(acting_user)
    try:
        with transaction.atomic():
            flag = TranslationFlag.objects.create(translation=translation, flagger=acting_user, kind=kind, note=note)
            publish_queue_section_item(section=SECTION, item_id=translation.pk, event="queue.flagged")  # open queues
            return flag
    except IntegrityError:  # the same person, twice at once
        raise AlreadyHandled(
            _("You have already flagged this translation; the moderators will look at it.")
        ) from None


def resolve_translation_flags(*, acting_user, translation: Translation, uphold: bool, reason: str = "") -> int:
    """Handle every open flag on the translation: uphold (the translation hidden, through
    hide_translation, which asks for a reason) or dismiss (it stays). The number of flags handled."""
    require(
        access.can_moderate_translation(acting_user, translation.post),
        _("Only the moderators of this thread can hide or restore a translation."),
    )
    reason = " ".join((reason or "").split())[:500]
    with transaction.atomic():
        flags = list(TranslationFlag.objects.select_for_update().filter(
            translation=translation, status=TranslationFlag.Status.OPEN
        ))
        if not flags:
            raise AlreadyHandled(_("The flags on this translation are already handled."))
        if uphold:
            hide_translation(acting_user=acting_user, translation=translation, reason=reason)
        handle_flags(TranslationFlag.objects.filter(pk__in=[f.pk for f in flags]), acting_user=acting_user, uphold=uphold)
        post = translation.post
        record(
            actor=acting_user,
            action=ModerationAction.Kind.UPHOLD_FLAGS if uphold else ModerationAction.Kind.DISMISS_FLAGS,
            target=post, thread=post.thread, post=post, subject=translation.translator, reason=reason,
            data={"translation": translation.pk, "language": translation.language, "flags": len(flags),
                  "kinds": sorted({f.kind for f in flags})},
            notify=False,
        )
        publish_queue_section_item(section=SECTION, item_id=translation.pk, event="queue.resolved")
    return len(flags)
