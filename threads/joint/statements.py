"""Every change to a joint statement: permission checked, one transaction, live event on commit.

Who may do what (issue 8):
- a representative of an organization drafts a statement on its behalf; that organization's
  representatives revise it, invite other organizations and publish it;
- each invited organization's representative signs, declines or proposes an amendment, on the exact
  revision of the text they read (a later revision leaves their signature "on an earlier revision"
  until they sign again);
- publishing freezes the text; after that any admitted organization's representative may add its
  signature (marked with its date), and only an admin may correct the text, with a reason, logged
  as a revision of its own.
"""


from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts import access as people
from accounts.models import Organization
from forum.errors import invalid, require
from forum.markup import render_markdown
from forum.text import normalize_persian
from threads.core import actions as thread_actions
from threads.core.events import publish_on_commit
from threads.core.models import Area, Thread
from threads.joint import hooks
from threads.joint import statement_queries as q
from threads.joint.diff import text_diff  # noqa: F401 - asked of this module too
from threads.joint.models import (
    Statement,
    StatementInvitation,
    StatementResponse,
    StatementRevision,
    TextLanguage,
    Visibility,
)

TITLE_MAX = 200
TEXT_MAX = 40000
COMMENT_MAX = 5000
NOTE_MAX = 500
Verdict = StatementResponse.Verdict


# --- who may ------------------------------------------------------------------------------------


def can_draft(user) -> bool:
    return bool(people.speaking_organizations(user))


def can_edit(user, statement: Statement) -> bool:
    """Revise, invite, publish: a representative of the drafting organization, while a draft."""
    return not statement.is_published and people.can_speak_for(user, statement.drafting_org)


def voices(user, statement: Statement, invited_ids: set[int] | None = None) -> list[Organization]:
    """The organizations this person may answer for: invited ones while a draft, any (admitted) one
    they represent once published (a late signature)."""
    speaking = people.speaking_organizations(user)
    if statement.is_published:
        return speaking
    if invited_ids is None:
        invited_ids = set(statement.invitations.values_list("organization_id", flat=True))
    return [org for org in speaking if org.pk in invited_ids]


def _require_draft(statement: Statement) -> None:
    require(
        not statement.is_published,
        _("This statement is published and cannot be edited; only an admin may correct it, and the correction is logged."),
    )


def _require_drafter(user, statement: Statement, what: str) -> None:
    require(
        people.can_speak_for(user, statement.drafting_org),
        _("Only a representative of %(org)s, which drafted this statement, may %(what)s.")
        % {"org": statement.drafting_org.name, "what": what},
    )


# --- validation ----------------------------------------------------------------------------------


def clean_title(title: str) -> str:
    title = normalize_persian(" ".join((title or "").split()))
    if not title:
        raise invalid(_("A statement needs a title."), "title")
    if len(title) > TITLE_MAX:
        raise invalid(
            _("The title is %(length)d characters long; the limit is %(limit)d.") % {"length": len(title), "limit": TITLE_MAX},
            "title",
        )
    return title


def clean_text(text: str, field: str = "text") -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise invalid(_("Write the text of the statement."), field)
    if len(text) > TEXT_MAX:
        raise invalid(
            _("The text is %(length)d characters long; the limit is %(limit)d.") % {"length": len(text), "limit": TEXT_MAX},
            field,
        )
    return text


def clean_language(language: str) -> str:
    if language not in TextLanguage.values:
        raise invalid(_("Choose Persian or English."), "language")
    return language


# --- live fragments -------------------------------------------------------------------------------


def _signatures_renderer(statement: Statement, language: str):
    def render(audience: str):
        if audience == people.VISITOR and (not statement.is_published or statement.is_members_only):
            return None
        fresh = Statement.objects.select_related("drafting_org", "fa_revision", "en_revision").get(pk=statement.pk)
        text = next((t for t in q.statement_texts(fresh) if t["language"] == language), None)
        if text is None:
            return None
        return render_to_string("joint/statements/_signatures.html", {"statement": fresh, "text": text})

    return render


def _publish_signatures(statement: Statement, language: str, event: str) -> None:
    publish_on_commit(
        statement.stream, event, _signatures_renderer(statement, language), {"statement": statement.pk, "language": language}
    )


# --- actions --------------------------------------------------------------------------------------


def _add_revision(statement, *, language, title, text, author, note="", is_correction=False, now=None) -> StatementRevision:
    now = now or timezone.now()
    current = statement.revision(language)
    number = (current.number + 1) if current else 1
    substance = current.substance if (is_correction and current) else number
    revision = StatementRevision.objects.create(
        statement=statement, language=language, number=number, substance=substance, title=title,
        text_source=text, text_html=render_markdown(text), note=note[:NOTE_MAX], is_correction=is_correction,
        author=author, created_at=now,
    )
    setattr(statement, f"{language}_revision", revision)
    statement.updated_at = now
    statement.save(update_fields=[f"{language}_revision", "updated_at"])
    return revision


def draft_statement(
    *,
    acting_user,
    organization: Organization,
    texts: dict[str, tuple[str, str]],
    areas: list[Area],
    invite: list[Organization] = (),
    visibility: str = Visibility.PUBLIC,
) -> Statement:
    """Draft a statement on behalf of an organization: one text or both ({"fa": (title, text),
    "en": (title, text)}), its areas, the organizations invited to co-sign, and a members-only
    discussion thread attached to it."""
    require(
        organization is not None and people.can_speak_for(acting_user, organization),
        _("Only a representative of an organization may draft a joint statement on its behalf."),
    )
    cleaned = {}
    for language, (title, text) in texts.items():
        language = clean_language(language)
        if not (title or "").strip() and not (text or "").strip():
            continue
        cleaned[language] = (clean_title(title), clean_text(text))
    if not cleaned:
        raise invalid(_("Write the text of the statement."), "text")
    if not areas:
        raise invalid(_("Choose at least one cooperation area."), "areas")
    if visibility not in Visibility.values:
        raise invalid(_("Choose who may read the statement."), "visibility")
    invitees = [org for org in invite if org.is_admitted and org.pk != organization.pk]
    now = timezone.now()
    with transaction.atomic():
        statement = Statement.objects.create(
            drafting_org=organization, drafted_by=acting_user, visibility=visibility, created_at=now, updated_at=now
        )
        statement.areas.set(areas)
        for language, (title, text) in cleaned.items():
            _add_revision(statement, language=language, title=title, text=text, author=acting_user, now=now)
        StatementInvitation.objects.bulk_create(
            [StatementInvitation(statement=statement, organization=org, invited_by=acting_user, created_at=now)
             for org in [organization, *invitees]]
        )
        first_title = next(iter(cleaned.values()))[0]
        link = reverse("statement_detail", args=[statement.pk])
        with override(next(iter(cleaned))):
            body = _("Discussion of the draft joint statement “%(title)s”: [read the draft and its revisions](%(link)s).") % {
                "title": first_title, "link": link,
            }
        statement.thread = thread_actions.create_thread(
            acting_user=acting_user, title=first_title, body=body, areas=list(areas),
            visibility=Thread.Visibility.MEMBERS, on_behalf_of=organization,
        )
        statement.save(update_fields=["thread"])
    return statement


def revise_statement(*, acting_user, statement: Statement, language: str, title: str, text: str, note: str = "") -> StatementRevision:
    """A new revision of one text (or the first of a text in the other language). Signatures on
    the earlier revision stay, marked as on an earlier revision, until their organizations sign again."""
    _require_drafter(acting_user, statement, _("revise it"))
    _require_draft(statement)
    language = clean_language(language)
    title, text = clean_title(title), clean_text(text)
    with transaction.atomic():
        statement = Statement.objects.select_for_update(of=("self",)).select_related("drafting_org", "fa_revision", "en_revision").get(pk=statement.pk)
        _require_draft(statement)
        current = statement.revision(language)
        if current and current.title == title and current.text_source == text:
            return current
        revision = _add_revision(statement, language=language, title=title, text=text, author=acting_user, note=note)
        _publish_signatures(statement, language, "statement.revised")
    return revision


def invite(*, acting_user, statement: Statement, organizations: list[Organization]) -> list[StatementInvitation]:
    """Invite more organizations to co-sign a draft."""
    _require_drafter(acting_user, statement, _("invite organizations"))
    _require_draft(statement)
    if not organizations:
        raise invalid(_("Choose at least one organization to invite."), "organizations")
    existing = set(statement.invitations.values_list("organization_id", flat=True))
    new = [o for o in organizations if o.is_admitted and o.pk not in existing]
    with transaction.atomic():
        created = StatementInvitation.objects.bulk_create(
            [StatementInvitation(statement=statement, organization=o, invited_by=acting_user) for o in new]
        )
        for language in (TextLanguage.FA, TextLanguage.EN):
            if statement.revision(language):
                _publish_signatures(statement, language, "statement.invited")
    return created


def respond(
    *,
    acting_user,
    statement: Statement,
    organization: Organization,
    language: str,
    verdict: str,
    revision_number: int,
    comment: str = "",
) -> StatementResponse:
    """An organization signs, declines, or proposes an amendment to one text, on the revision its
    representative read (`revision_number`); if the text has changed since, nothing is recorded
    and the person is asked to read the new revision."""
    require(
        organization is not None and people.can_speak_for(acting_user, organization),
        _("Only a representative of %(org)s may sign or answer for it.") % {"org": organization.name if organization else "—"},
    )
    language = clean_language(language)
    if verdict not in Verdict.values:
        raise invalid(_("Choose: sign, decline, or propose an amendment."), "verdict")
    comment = (comment or "").replace("\r\n", "\n").strip()
    if len(comment) > COMMENT_MAX:
        raise invalid(_("At most %(limit)d characters.") % {"limit": COMMENT_MAX}, "comment")
    if verdict == Verdict.AMEND and not comment:
        raise invalid(_("Write the amendment you propose."), "comment")
    with transaction.atomic():
        statement = Statement.objects.select_for_update(of=("self",)).select_related("drafting_org", "fa_revision", "en_revision").get(pk=statement.pk)
        current = statement.revision(language)
        if current is None:
            raise invalid(_("This statement has no text in that language."), "language")
        if statement.is_published:
            require(
                verdict == Verdict.SIGN,
                _("This statement is published: organizations may still add their signature, but no longer decline or amend it."),
            )
        else:
            require(
                statement.invitations.filter(organization=organization).exists(),
                _("%(org)s is not invited to sign this statement.") % {"org": organization.name},
            )
        if revision_number != current.number and not (
            # a correction after publication does not change what is signed
            statement.is_published and current.is_correction
            and StatementRevision.objects.filter(statement=statement, language=language, number=revision_number,
                                                 substance=current.substance).exists()
        ):
            raise invalid(
                _("The text has changed since you opened it: it is now at revision %(number)d. Read it and answer again.")
                % {"number": current.number},
                "revision",
            )
        last = (
            StatementResponse.objects.filter(statement=statement, organization=organization, language=language)
            .select_related("revision").order_by("-created_at", "-pk").first()
        )
        if (last and last.verdict == verdict == Verdict.SIGN and last.revision.substance == current.substance):
            return last  # already signed this text
        response = StatementResponse.objects.create(
            statement=statement, organization=organization, revision=current, language=language, verdict=verdict,
            comment_source=comment, comment_html=render_markdown(comment) if comment else "", by=acting_user,
            after_publication=statement.is_published,
        )
        _publish_signatures(statement, language, "statement.answered")
        if statement.is_published:  # a late signature: the record lists it, the earlier one superseded
            hooks.statement_record_changed.send(statement=statement, why="late_signature")
    return response


def publish(*, acting_user, statement: Statement) -> Statement:
    """Publish the statement, freezing its texts. The drafting organization must have signed the
    current revision of each text; the signatories are the organizations whose signature is on it."""
    _require_drafter(acting_user, statement, _("publish it"))
    _require_draft(statement)
    with transaction.atomic():
        statement = Statement.objects.select_for_update(of=("self",)).select_related("drafting_org", "fa_revision", "en_revision").get(pk=statement.pk)
        _require_draft(statement)
        current = q.current_responses(statement)
        for revision in statement.texts():
            mine = current.get((statement.drafting_org_id, revision.language))
            require(
                mine is not None and mine.verdict == Verdict.SIGN and mine.revision.substance == revision.substance,
                _("%(org)s must sign the current revision of the %(language)s text before publishing it.")
                % {"org": statement.drafting_org.name, "language": TextLanguage(revision.language).label},
            )
        now = timezone.now()
        statement.status = Statement.Status.PUBLISHED
        statement.published_at = now
        statement.published_by = acting_user
        statement.updated_at = now
        statement.save(update_fields=["status", "published_at", "published_by", "updated_at"])
        for revision in statement.texts():
            _publish_signatures(statement, revision.language, "statement.published")
        hooks.statement_record_changed.send(statement=statement, why="published")  # its PDF, Markdown and JSON
    return statement


def correct(*, acting_user, statement: Statement, language: str, title: str, text: str, reason: str) -> StatementRevision:
    """An admin's correction of a published text (a typo, a wrong name): a revision of its own,
    with who, when and why shown on the statement's page; signatures stay on the text."""
    require(people.is_admin(acting_user), _("Only an admin may correct a published statement."))
    require(statement.is_published, _("A draft is revised by its drafters, not corrected."))
    language = clean_language(language)
    title, text = clean_title(title), clean_text(text)
    reason = " ".join((reason or "").split())
    if not reason:
        raise invalid(_("Say why the published text is corrected; the reason is shown with the correction."), "reason")
    with transaction.atomic():
        statement = Statement.objects.select_for_update(of=("self",)).select_related("drafting_org", "fa_revision", "en_revision").get(pk=statement.pk)
        if statement.revision(language) is None:
            raise invalid(_("This statement has no text in that language."), "language")
        revision = _add_revision(
            statement, language=language, title=title, text=text, author=acting_user, note=reason[:NOTE_MAX], is_correction=True
        )
        _publish_signatures(statement, language, "statement.corrected")
        hooks.statement_record_changed.send(statement=statement, why="corrected")  # a new record supersedes
    return revision


# --- a readable difference between two revisions --------------------------------------------------

