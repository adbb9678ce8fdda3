"""Core's answers to what accounts asks through its hooks (connected in ThreadsConfig.ready)."""

from accounts import hooks as account_hooks
from threads.core import queries, redaction


def organization_threads(*, organization, user) -> dict:
    return {"threads": queries.organization_threads(user, organization) if organization.is_admitted else []}


def forget_person(*, user, old_names=()) -> None:
    """A deleted account's former names leave the stored live events and the cached pages."""
    redaction.forget_person_copies(user, list(old_names))


def connect() -> None:
    account_hooks.organization_page.connect(organization_threads)
    account_hooks.account_deleted.connect(forget_person)
