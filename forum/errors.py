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
