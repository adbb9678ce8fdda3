"""Who may read joint statements and events; a forbidden one looks exactly like a missing one.

- A published public statement and a public event: everyone.
- A published members-only statement, a members-only event: members of the coalition's
  organizations, moderators and admins.
- A draft statement: members, moderators and admins (its discussion thread is members-only too).

Feeds (Atom, .ics) are read without a session by calendar and feed readers, so they only ever carry
what a visitor may read.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts import access as people
from threads.joint.models import Gathering, Statement, Visibility


def readable_statements(user) -> QuerySet[Statement]:
    statements = Statement.objects.all()
    if not people.can_read_members_only(user):
        statements = statements.filter(status=Statement.Status.PUBLISHED, visibility=Visibility.PUBLIC)
    return statements


def public_statements() -> QuerySet[Statement]:
    return Statement.objects.filter(status=Statement.Status.PUBLISHED, visibility=Visibility.PUBLIC)


def can_read_statement(user, statement: Statement) -> bool:
    if statement.is_published and not statement.is_members_only:
        return True
    return people.can_read_members_only(user)


def statement_for_reader(*, user, statement_id) -> Statement:
    try:
        statement = Statement.objects.select_related(
            "drafting_org", "fa_revision", "en_revision", "thread", "published_by"
        ).get(pk=int(statement_id))
    except (Statement.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not can_read_statement(user, statement):
        raise Http404
    return statement


def readable_gatherings(user) -> QuerySet[Gathering]:
    gatherings = Gathering.objects.all()
    if not people.can_read_members_only(user):
        gatherings = gatherings.filter(visibility=Visibility.PUBLIC)
    return gatherings


def public_gatherings() -> QuerySet[Gathering]:
    return Gathering.objects.filter(visibility=Visibility.PUBLIC)


def can_read_gathering(user, gathering: Gathering) -> bool:
    return not gathering.is_members_only or people.can_read_members_only(user)


def gathering_for_reader(*, user, gathering_id) -> Gathering:
    try:
        gathering = Gathering.objects.select_related("thread", "summing_up", "proposed_by").get(pk=int(gathering_id))
    except (Gathering.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not can_read_gathering(user, gathering):
        raise Http404
    return gathering


def stream_readable(user, kind: str, key: str) -> bool:
    """For the live consumer: may this person follow `statement:<id>` or `gathering:<id>`?"""
    if not key.isdigit() or len(key) >= 19:
        return False
    if kind == "statement":
        statement = Statement.objects.filter(pk=int(key)).first()
        return statement is not None and can_read_statement(user, statement)
    if kind == "gathering":
        gathering = Gathering.objects.filter(pk=int(key)).first()
        return gathering is not None and can_read_gathering(user, gathering)
    return False


def public_filter() -> Q:
    return Q(visibility=Visibility.PUBLIC)
