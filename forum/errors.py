"""Refusals raised by actions, carrying a message the person can read in their language."""

from django.core.exceptions import PermissionDenied, ValidationError


class ActionRefused(PermissionDenied):
    """The person may not do this (403). The message says why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def require(condition: bool, message) -> None:
    if not condition:
        raise ActionRefused(message)


def invalid(message, field: str | None = None) -> ValidationError:
    """A 400-kind error tied to a form field where there is one."""
    return ValidationError({field: [message]} if field else message)


class Conflict(ValidationError):
    """Someone else acted on the same thing first (409): the person is told what happened, and the
    form comes back with what they typed."""

    def __init__(self, message, field: str | None = None):
        super().__init__({field: [message]} if field else message)
