"""Every change to translations: permission checked, one transaction, hook and live event on commit.

Writes: add or update a translation of a post, position, ledger point, summary or gathering
(`translate_text`; its author or a volunteer translator), mark translations outdated when the
original is edited (receivers of core's post_edited, debates' position_revised, summary_drafted
and point_reworded, joint's gathering_edited), hide them when the original is corrected for privacy (a redaction), hide and
restore a translation and suspend a translator (moderators, logged through moderation's `record`).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access as people
from forum.errors import ActionRefused, invalid, require
from forum.markup import render_markdown
from forum.text import has_letters_of, normalize_persian
from threads.core import redaction
from threads.core.actions import create_post, publish_post
from threads.core.models import Post
from threads.debates.actions import publish_section
from threads.moderation.actions import record
from threads.moderation.models import ModerationAction
from threads.translations import access, hooks, targets
from threads.translations.models import Translation, TranslationRevision, TranslatorSuspension


class EditConflict(ValidationError):
    """Someone else saved the translation after this person opened the form (409)."""


def _comparable(text: str) -> str:
    return " ".join(normalize_persian(text or "").split()).casefold()


def clean_translation(target, *, language: str, body: str) -> str:
    kind = targets.kind_of(target)
    body = (body or "").replace("\r\n", "\n").strip()
    if kind.plain:
        body = " ".join(body.split())  # a ledger point is one line
    if language not in dict(settings.LANGUAGES):
        raise invalid(_("Choose the language of the translation."), "language")
    original = access.original_language(target)
    if language == original:
        raise invalid(
            _("The original is already in this language; a translation is written in the other language."),
            "language",
        )
    if not body:
        raise invalid(_("Write the translation before saving it."), "body")
    limit = kind.max_length or settings.HAMGAMI["BODY_MAX"]
    if len(body) > limit:
        raise invalid(
            _("The text is %(length)d characters long; the limit is %(limit)d.") % {"length": len(body), "limit": limit},
            "body",
        )
    if _comparable(body) == _comparable(kind.text(target)):
        raise invalid(_("This text is identical to the original; write it in the other language."), "body")
    if has_letters_of(body, original) and not has_letters_of(body, language):  # the original's language, renamed
        raise invalid(
            _("This text is not in %(language)s; write the translation in %(language)s.")
            % {"language": dict(settings.LANGUAGES)[language]},
            "body",
        )
    return body


def check_may_translate(user, target) -> None:
    """Refuse with the reason that applies to this person: a volunteer suspended from translating is
    told so, not that only volunteers may translate (which they are)."""
    if access.can_translate(user, target):
        return
    if access.may_offer_translation(user, target) and access.is_suspended_from_translating(user):
        raise ActionRefused(_("A moderator has suspended you from translating; you may still post."))
    raise ActionRefused(_("Only the author of this text, or a member who volunteers as a translator, may translate it."))


def _publish(kind, target) -> None:
    """Open pages show the new text in its language: the post, or the debate panel's section."""
    if kind.name == "post":
        publish_post(target, "post.edited")
    elif kind.name in _DEBATE_SECTIONS:
        event, section = _DEBATE_SECTIONS[kind.name]
        publish_section(target.debate, event, section, {"translation": kind.name})
    # a gathering's page has no live description; it shows the translation when next loaded


_DEBATE_SECTIONS = {
    "position": ("debate.position", "positions"),
    "point": ("debate.point", "ledger"),
    "summary": ("debate.summary", "summary"),
}


def translate_text(*, acting_user, target, language: str, text: str, expected_version: int = 0) -> Translation:
    """Save the translation of `target` (a post, position, ledger point, summary or gathering) into
    `language`. `expected_version` is the translation's version the writer started from (0 for a
    new one): when someone saved in between, EditConflict is raised and nothing changes, so the
    later writer is told and keeps their text."""
    kind = targets.kind_of(target)
    check_may_translate(acting_user, target)
    body = clean_translation(target, language=language, body=text)
    now = timezone.now()
    with transaction.atomic():
        list(kind.model.objects.select_for_update().filter(pk=target.pk).values_list("pk", flat=True))  # in turn
        target = kind.model.objects.select_related(*kind.related).get(pk=target.pk)
        revision = kind.revision(target)
        current = (
            Translation.objects.select_for_update(of=("self",)).select_related("translator")
            .filter(**{kind.name: target}, language=language).first()
        )
        if (current.version if current else 0) != expected_version:
            raise EditConflict(
                _("%(name)s saved this translation while you were writing. Your text is kept below: compare it "
                  "with theirs and save again.") % {"name": current.translator.public_name if current else "?"}
            )
        html = render_markdown(body)
        if current is not None and hidden_by_redaction(current):
            # Hidden because its original was corrected for privacy: a translation of the corrected
            # text is shown again (its earlier versions stay with the moderators).
            current.state, current.hidden_reason = Translation.State.VISIBLE, ""
        if current is None:
            current = Translation.objects.create(
                **{kind.name: target}, language=language, body_source=body, body_html=html, translator=acting_user,
                based_on_revision=revision, created_at=now, updated_at=now,
            )
        else:
            current.body_source, current.body_html, current.translator = body, html, acting_user
            current.based_on_revision, current.is_outdated = revision, False
            current.version += 1
            current.updated_at = now
            current.save()
        TranslationRevision.objects.create(
            translation=current, number=current.version, body_source=body, body_html=html,
            translator=acting_user, based_on_revision=revision, created_at=now,
        )
        hooks.translation_saved.send(translation=current)  # following: the search index (posts)
        _publish(kind, target)
    return current


def add_or_update_translation(*, acting_user, post: Post, language: str, body: str, version: int = 0) -> Translation:
    """A post's translation (the post form's name for translate_text)."""
    return translate_text(acting_user=acting_user, target=post, language=language, text=body, expected_version=version)


def create_post_with_translation(*, translation: str, **reply) -> Post:
    """A reply written with its translation (the reply form's optional field): both in one
    transaction, so a refused translation keeps the reply unwritten and both texts stay in the form."""
    with transaction.atomic():
        post = create_post(**reply)
        if (translation or "").strip():
            language = "en" if access.original_language(post) == "fa" else "fa"
            try:
                add_or_update_translation(acting_user=reply["acting_user"], post=post, language=language, body=translation)
            except ValidationError as error:
                raise invalid(" ".join(error.messages), "translation") from None
    return post


def mark_outdated(target, *, editor) -> list[Translation]:
    """The original (a post, position, summary…) changed: its translations made from an earlier
    revision are outdated, and their translators are told (through the `translation_outdated`
    hook, which following hears). Called inside the edit's transaction by the receivers of
    core's post_edited and debates' position_published and summary_drafted."""
    kind = targets.kind_of(target)
    stale = list(
        Translation.objects.select_related("translator")
        .filter(**{kind.name: target}, based_on_revision__lt=kind.revision(target), is_outdated=False)
    )
    if stale:
        Translation.objects.filter(pk__in=[t.pk for t in stale]).update(is_outdated=True)
    for item in stale:
        item.is_outdated = True
        hooks.translation_outdated.send(translation=item, editor=editor)
    return stale


def redaction_reason() -> str:
    return _("The original was corrected for privacy; this translation may hold what was removed.")


def hide_for_redaction(target, *, actor) -> list[Translation]:
    """The original (a post, position or summary) was corrected for privacy: every translation of
    it is hidden (logged like hide_translation), every version of it so far is shown to moderators
    only (threads/core/redaction.py), and no stored live event keeps its text. A translation of the
    corrected text, saved afterwards, is shown again. Called inside the redaction's transaction
    (by the receivers of core's post_edited and debates' position_revised and summary_drafted, with
    `redacted=True`); the redaction's permission check covers it."""
    kind = targets.kind_of(target)
    items = list(Translation.objects.select_for_update(of=("self",)).select_related("translator").filter(**{kind.name: target}))
    if not items:
        return []
    reason, thread = redaction_reason(), kind.thread(target)
    texts = set()
    for item in items:
        texts |= {text for text in item.revisions.values_list("body_html", flat=True) if text}
        redaction.record(kind="translation", target_id=item.pk, hides_before=item.version + 1, actor=actor, reason=reason)
        if item.state == Translation.State.HIDDEN:
            continue  # already hidden by a moderator: it stays so, with their reason
        item.state, item.hidden_reason = Translation.State.HIDDEN, reason
        item.save(update_fields=["state", "hidden_reason"])
        record(
            actor=actor, action=ModerationAction.Kind.HIDE_TRANSLATION,
            target=target if kind.name == "post" else (thread or item.translator), thread=thread,
            post=target if kind.name == "post" else None, subject=item.translator, reason=reason,
            data={"translation": item.pk, "language": item.language, "kind": kind.name, "id": target.pk,
                  "redaction": True},
        )
        hooks.translation_saved.send(translation=item)  # following: the post's search entry loses it
    if thread is not None:
        redaction.purge_on_commit(streams=redaction.thread_streams(thread), removed=set(), since=thread.created_at,
                                  texts=frozenset(texts))
    return items


def hidden_by_redaction(translation: Translation) -> bool:
    """Whether the translation is hidden because its original was corrected for privacy (and not
    saved again since, nor hidden again by a moderator for another reason)."""
    if translation.state != Translation.State.HIDDEN:
        return False
    found = redaction.latest("translation", translation.pk)
    return found is not None and found.hides_before > translation.version and found.reason == translation.hidden_reason


def _set_state(*, acting_user, translation: Translation, state: str, reason: str, action: str) -> Translation:
    target = targets.target_of(translation)
    kind = targets.kind_of(target)
    require(
        access.can_moderate_translation(acting_user, target),
        _("Only the moderators of this thread can hide or restore a translation."),
    )
    reason = " ".join((reason or "").split())[:500]
    if state == Translation.State.HIDDEN and not reason:
        raise invalid(_("Say why the translation is hidden; the translator and the log show it."), "reason")
    with transaction.atomic():
        translation = Translation.objects.select_for_update().select_related("translator").get(pk=translation.pk)
        if translation.state == state:
            return translation
        translation.state = state
        translation.hidden_reason = reason if state == Translation.State.HIDDEN else ""
        translation.save(update_fields=["state", "hidden_reason"])
        thread = kind.thread(target)
        record(  # the log knows posts, threads and people: a debate text is logged on its thread
            actor=acting_user, action=action,
            target=target if kind.name == "post" else (thread or translation.translator), thread=thread,
            post=target if kind.name == "post" else None, subject=translation.translator, reason=reason,
            data={"translation": translation.pk, "language": translation.language, "kind": kind.name,
                  "id": target.pk},
        )
        hooks.translation_saved.send(translation=translation)
        _publish(kind, target)
    return translation


def hide_translation(*, acting_user, translation: Translation, reason: str) -> Translation:
    return _set_state(
        acting_user=acting_user, translation=translation, state=Translation.State.HIDDEN, reason=reason,
        action=ModerationAction.Kind.HIDE_TRANSLATION,
    )


def restore_translation(*, acting_user, translation: Translation, reason: str = "") -> Translation:
    return _set_state(
        acting_user=acting_user, translation=translation, state=Translation.State.VISIBLE, reason=reason,
        action=ModerationAction.Kind.RESTORE_TRANSLATION,
    )


def suspend_translator(*, acting_user, user, reason: str) -> TranslatorSuspension:
    """Keep a person from translating (they may still post); logged, and the person is told."""
    require(people.is_moderator(acting_user), _("Only moderators can suspend a translator."))
    reason = " ".join((reason or "").split())[:500]
    if not reason:
        raise invalid(_("Say why the person may no longer translate."), "reason")
    if access.is_suspended_from_translating(user):
        raise ActionRefused(_("This person is already suspended from translating."))
    with transaction.atomic():
        suspension = TranslatorSuspension.objects.create(user=user, by=acting_user, reason=reason)
        record(actor=acting_user, action=ModerationAction.Kind.SUSPEND_TRANSLATOR, target=user, subject=user,
               reason=reason)
    return suspension


def lift_translator_suspension(*, acting_user, user, reason: str = "") -> int:
    require(people.is_moderator(acting_user), _("Only moderators can suspend a translator."))
    with transaction.atomic():
        lifted = TranslatorSuspension.objects.filter(user=user, lifted_at__isnull=True).update(lifted_at=timezone.now())
        if lifted:
            record(actor=acting_user, action=ModerationAction.Kind.LIFT_TRANSLATOR, target=user, subject=user,
                   reason=" ".join((reason or "").split())[:500])
    return lifted
