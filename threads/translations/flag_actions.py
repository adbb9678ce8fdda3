"""Flagging translations (issue 20) of any kind in targets.py (a post, position, ledger point,
summary, gathering's description): a reader reports a translation; whoever may hide it (access's
can_moderate_translation, per kind) hides it (the flags upheld) or dismisses the flags. Permission checked inside, one transaction, logged through
moderation's `record`; the hourly limit is the one post flags count against."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts import access as people
from forum.errors import invalid, require
from threads.moderation.actions import AlreadyHandled, count_flag, handle_flags, publish_queue_section_item, record
from threads.moderation.models import ModerationAction
from threads.translations import access, targets
from threads.translations.flag_queries import SECTION
from threads.translations.actions import hide_translation
from threads.translations.models import Translation, TranslationFlag


def flag_translation(*, acting_user, translation: Translation, kind: str, note: str = "") -> TranslationFlag:
    """Report a translation to the moderators of its thread; once per person per translation."""
    require(acting_user.is_authenticated, _("Sign in to flag a translation."))
    require(not people.restriction(acting_user), _("You cannot flag while your account is restricted."))
    target = targets.target_of(translation)
    require(targets.kind_of(target).can_read(acting_user, target), _("You cannot flag this translation."))
    if kind not in TranslationFlag.Kind.values:
        raise invalid(_("Choose why you flag this translation."), "kind")
    note = " ".join((note or "").split())[:500]
    if kind == TranslationFlag.Kind.OTHER and not note:
        raise invalid(_("Say in a few words what is wrong with the translation."), "note")
    if translation.translator_id == acting_user.pk:
        raise invalid(_("You cannot flag your own translation; improve it instead."), "kind")
    if not translation.is_visible or not getattr(target, "is_visible", True):  # a post's own state
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
    target = targets.target_of(translation)
    kind = targets.kind_of(target)
    require(
        access.can_moderate_translation(acting_user, target),
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
        thread = kind.thread(target)
        record(  # as hide_translation logs it: a post, else the thread of the text (or the translator)
            actor=acting_user,
            action=ModerationAction.Kind.UPHOLD_FLAGS if uphold else ModerationAction.Kind.DISMISS_FLAGS,
            target=target if kind.name == "post" else (thread or translation.translator), thread=thread,
            post=target if kind.name == "post" else None, subject=translation.translator, reason=reason,
            data={"translation": translation.pk, "language": translation.language, "kind": kind.name,
                  "id": target.pk, "flags": len(flags), "kinds": sorted({f.kind for f in flags})},
            notify=False,
        )
        publish_queue_section_item(section=SECTION, item_id=translation.pk, event="queue.resolved")
    return len(flags)
