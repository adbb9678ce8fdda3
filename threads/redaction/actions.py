"""Corrections for privacy of a position, a summary or a joint statement's text, by a moderator or
an admin: the corrected text becomes a new revision, the earlier revisions are shown to moderators
only (threads/redaction.py), and no copy of the removed text stays in the stored live events or
the cached pages. (A post is redacted by `moderation.edit_post_as_moderator(hide_history=True)`.)
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access as people
from forum.errors import invalid, require
from threads.debates import actions as debate_actions
from threads.debates import hooks as debate_hooks
from threads.core import redaction
from threads.joint import statements
from forum.markup import render_markdown
from threads.core.models import Post
from threads.debates.models import Position, PositionRevision, Summary, SummaryRevision
from threads.joint.models import Statement

REASON_MAX = 500


def may_correct(user) -> bool:
    return people.is_moderator(user) or people.is_admin(user)


def _require_corrector(user) -> None:
    require(may_correct(user), _("Only moderators and admins may correct a text for privacy."))


def _clean_reason(reason: str) -> str:
    reason = " ".join((reason or "").split())[:REASON_MAX]
    if not reason:
        raise invalid(_("Say why the text is corrected; the reason is shown in its history."), "reason")
    return reason


def correct_position(*, acting_user, position: Position, statement: str, reason: str) -> Position:
    """Replace an organization's position statement (same stance) and hide its earlier versions;
    replies that quoted an earlier version now quote the corrected one."""
    _require_corrector(acting_user)
    reason = _clean_reason(reason)
    statement = debate_actions.clean_text(
        statement, field="statement", maximum=debate_actions.STATEMENT_MAX,
        empty_message=_("A position needs a statement explaining it."),
    )
    now = timezone.now()
    with transaction.atomic():
        position = Position.objects.select_for_update().select_related("debate__thread", "organization").get(pk=position.pk)
        if statement == position.statement_source:
            raise invalid(_("The text is unchanged."), "statement")
        old_texts = list(position.revisions.values_list("statement_html", flat=True))
        position.statement_source = statement
        position.statement_html = render_markdown(statement)
        position.updated_at = now
        position.revision_count += 1
        position.save(update_fields=["statement_source", "statement_html", "updated_at", "revision_count"])
        latest = position.revisions.order_by("-number").first()
        revision = PositionRevision.objects.create(
            position=position, number=position.revision_count, stance=position.stance, statement_source=statement,
            statement_html=position.statement_html, phase=latest.phase if latest else position.debate.phase,
            author=acting_user, created_at=now,
        )
        Post.objects.filter(quoted_position__position=position).exclude(quoted_position=revision).update(quoted_position=revision)
        debate_hooks.position_revised.send(position=position, actor=acting_user, redacted=True)
        redaction.record(kind="position", target_id=position.pk, hides_before=revision.number, actor=acting_user, reason=reason)
        debate_actions.publish_section(position.debate, "debate.position", "positions", {"organization": position.organization_id, "stance": position.stance})
        redaction.purge_on_commit(
            streams=redaction.thread_streams(position.debate.thread),
            removed=redaction.removed_words(old_texts, position.statement_html),
            since=position.created_at,
        )
    return position


def correct_summary(*, acting_user, summary: Summary, text: str, reason: str) -> Summary:
    """Replace a debate's summary text (its endorsements stay) and hide its earlier drafts."""
    _require_corrector(acting_user)
    reason = _clean_reason(reason)
    text = debate_actions.clean_text(
        text, field="text", maximum=debate_actions.SUMMARY_MAX, empty_message=_("Write the summary before saving it.")
    )
    now = timezone.now()
    with transaction.atomic():
        summary = Summary.objects.select_for_update().select_related("debate__thread").get(pk=summary.pk)
        if text == summary.text_source:
            raise invalid(_("The text is unchanged."), "text")
        old_texts = list(summary.revisions.values_list("text_html", flat=True))
        summary.text_source = text
        summary.text_html = render_markdown(text)
        summary.updated_at = now
        summary.revision_count += 1
        summary.save(update_fields=["text_source", "text_html", "updated_at", "revision_count"])
        SummaryRevision.objects.create(
            summary=summary, number=summary.revision_count, text_source=text, text_html=summary.text_html,
            author=acting_user, created_at=now,
        )
        debate_hooks.summary_drafted.send(summary=summary, actor=acting_user, redacted=True)
        redaction.record(kind="summary", target_id=summary.pk, hides_before=summary.revision_count, actor=acting_user, reason=reason)
        debate_actions.publish_section(summary.debate, "debate.summary", "summary", {"revision": summary.revision_count})
        redaction.purge_on_commit(
            streams=redaction.thread_streams(summary.debate.thread),
            removed=redaction.removed_words(old_texts, summary.text_html),
            since=summary.debate.thread.created_at,
        )
    return summary


def correct_statement(*, acting_user, statement: Statement, language: str, title: str, text: str, reason: str):
    """An admin's correction of a published statement's text for privacy (statements.correct),
    hiding that language's earlier revisions from everyone but moderators."""
    require(people.is_admin(acting_user), _("Only an admin may correct a published statement."))
    reason = _clean_reason(reason)
    with transaction.atomic():
        old = list(statement.revisions.filter(language=language).values_list("text_html", "title"))
        revision = statements.correct(acting_user=acting_user, statement=statement, language=language, title=title, text=text, reason=reason)
        redaction.record(kind=f"statement.{revision.language}", target_id=statement.pk, hides_before=revision.number, actor=acting_user, reason=reason)
        streams = ["home", statement.stream]
        if statement.thread_id:
            streams += redaction.thread_streams(statement.thread)
        redaction.purge_on_commit(
            streams=streams,
            removed=redaction.removed_words([f"{t} {h}" for h, t in old], f"{revision.title} {revision.text_html}"),
            since=statement.created_at,
        )
    return revision
