"""What the statement pages show, read in a fixed number of queries however many organizations sign."""

from django.db.models import Prefetch

from accounts import access as people
from forum.text import sorted_by_name
from threads.core.models import Area
from threads.joint import access as joint_access
from threads.joint.diff import text_diff
from threads.joint.models import (
    Statement,
    StatementInvitation,
    StatementResponse,
    StatementRevision,
)

Verdict = StatementResponse.Verdict


def current_responses(statement: Statement, responses: list | None = None) -> dict:
    """The latest answer of each organization to each text: {(organization id, language): response}."""
    if responses is None:
        responses = list(
            StatementResponse.objects.filter(statement=statement)
            .select_related("organization", "revision", "by")
            .order_by("created_at", "pk")
        )
    current = {}
    for response in responses:
        current[(response.organization_id, response.language)] = response
    return current


def statement_texts(statement: Statement, *, invitations: list | None = None, responses: list | None = None) -> list[dict]:
    """For each text (the reader's language first): its current revision, the signatories in the
    reader's alphabetical order, signatures on an earlier revision, declines, amendments, and the
    invited organizations that have not answered yet."""
    if invitations is None:
        invitations = list(StatementInvitation.objects.filter(statement=statement).select_related("organization"))
    current = current_responses(statement, responses)
    texts = []
    for revision in statement.texts():
        signed, earlier, declined, amendments = [], [], [], []
        answered = set()
        for (org_id, language), response in current.items():
            if language != revision.language:
                continue
            answered.add(org_id)
            if response.verdict == Verdict.SIGN:
                (signed if response.revision.substance == revision.substance else earlier).append(response)
            elif response.verdict == Verdict.DECLINE:
                declined.append(response)
            else:
                amendments.append(response)
        by_org = lambda r: r.organization.name  # noqa: E731
        texts.append(
            {
                "language": revision.language,
                "revision": revision,
                "signed": sorted_by_name(signed, name=by_org),
                "earlier": sorted_by_name(earlier, name=by_org),
                "declined": sorted_by_name(declined, name=by_org),
                "amendments": sorted(amendments, key=lambda r: r.created_at),
                "awaiting": sorted_by_name(
                    [i.organization for i in invitations if i.organization_id not in answered]
                ),
            }
        )
    return texts


def statement_page(user, statement: Statement) -> dict:
    invitations = list(StatementInvitation.objects.filter(statement=statement).select_related("organization"))
    responses = list(
        StatementResponse.objects.filter(statement=statement).select_related("organization", "revision", "by").order_by("created_at", "pk")
    )
    corrections = [r for r in StatementRevision.objects.filter(statement=statement, is_correction=True).select_related("author")]
    return {
        "statement": statement,
        "texts": statement_texts(statement, invitations=invitations, responses=responses),
        "invited": sorted_by_name([i.organization for i in invitations]),
        "invited_ids": {i.organization_id for i in invitations},
        "areas": list(statement.areas.all()),
        "corrections": corrections,
        "can_read_thread": statement.thread is not None and (
            not statement.thread.is_members_only or people.can_read_members_only(user)
        ),
    }


def statement_list(user, *, drafts: bool = False) -> list[Statement]:
    """Published statements (newest first) or drafts the person may read, with their areas and the
    number of signatures; one query for the statements, one for areas, one for signature counts."""
    statements = joint_access.readable_statements(user).select_related("drafting_org", "fa_revision", "en_revision")
    if drafts:
        statements = statements.filter(status=Statement.Status.DRAFT).order_by("-updated_at", "-pk")
    else:
        statements = statements.filter(status=Statement.Status.PUBLISHED).order_by("-published_at", "-pk")
    statements = list(statements.prefetch_related(Prefetch("areas", queryset=Area.objects.order_by("number")))[:200])
    if statements:
        signers = {}
        for statement_id, org_id in (
            StatementResponse.objects.filter(statement__in=statements, verdict=Verdict.SIGN)
            .values_list("statement_id", "organization_id").distinct()
        ):
            signers.setdefault(statement_id, set()).add(org_id)
        for statement in statements:
            statement.signature_count = len(signers.get(statement.pk, ()))
    return statements


def revision_history(statement: Statement) -> list[dict]:
    """Every revision of each text with its difference from the one before."""
    history = []
    revisions = list(StatementRevision.objects.filter(statement=statement).select_related("author").order_by("created_at", "pk"))
    previous = {}
    for revision in revisions:
        before = previous.get(revision.language)
        history.append(
            {
                "revision": revision,
                "diff": text_diff(before.text_source, revision.text_source) if before else None,
                "title_changed": before is not None and before.title != revision.title,
                "previous": before,
            }
        )
        previous[revision.language] = revision
    history.reverse()
    return history
