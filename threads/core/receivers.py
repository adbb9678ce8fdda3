"""Core's answers to what accounts asks through its hooks (connected in ThreadsConfig.ready)."""

from accounts import hooks as account_hooks
from threads.core import queries


def organization_threads(*, organization, user) -> dict:
    return {"threads": queries.organization_threads(user, organization) if organization.is_admitted else []}


def connect() -> None:
    account_hooks.organization_page.connect(organization_threads)
