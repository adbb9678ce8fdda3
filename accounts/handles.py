"""Public handles (issue 19): what @mentions use and what /people/<handle>/ shows.

The handle is not the login name. Until issue 19 @mentions matched the username, so every mention
published half of someone's credentials; now the username is used only to sign in (with the
password) and is shown on no public page. See docs/security.md, "Handles and login names".

No model imports here (accounts.models imports this module); functions that look at the database
are given the manager to ask.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

HANDLE_MAX = 40
HANDLE = re.compile(r"^[a-z0-9][a-z0-9_.-]{1,%d}$" % (HANDLE_MAX - 1))
# Names that would read as the site speaking, or collide with a path under /people/.
RESERVED = frozenset({"admin", "admins", "moderator", "moderators", "hamgami", "everyone", "all", "here", "new", "me", "mention"})


def clean(value: str) -> str:
    return (value or "").strip().lstrip("@").lower()


def base_from(display_name: str) -> str:
    """A handle made from the display name when it has Latin letters or digits ("Bob Hamidi" →
    "bob-hamidi"), else "person" (a Persian name stays untransliterated rather than guessed)."""
    base = slugify(display_name or "")[:HANDLE_MAX - 6].strip("-_.")
    return base if HANDLE.match(base) and base not in RESERVED else "person"


def available(handle: str, users, organizations=None, *, exclude_pk=None) -> bool:
    """Nobody else has it, and no organization's slug (mentions of @slug mean the organization)."""
    if handle in RESERVED:
        return False
    taken = users.filter(handle=handle)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        return False
    return organizations is None or not organizations.filter(slug=handle).exists()


def unique_handle(base: str, users, organizations=None, *, exclude_pk=None, avoid: str = "") -> str:
    """`base`, or `base-2`, `base-3`, … : the first that is free and is not `avoid` (a login name)."""
    candidate, n = base, 1
    while candidate == avoid or not available(candidate, users, organizations, exclude_pk=exclude_pk):
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def validate(handle: str, *, username: str, users, organizations, exclude_pk=None) -> str:
    """The handle a person chose, cleaned, or ValidationError with a message they can act on."""
    handle = clean(handle)
    if not HANDLE.match(handle):
        raise ValidationError(
            _("A handle has 2 to %(max)d characters: Latin letters, digits, and . _ - (not first).") % {"max": HANDLE_MAX},
            code="invalid",
        )
    if handle == (username or "").lower():
        raise ValidationError(
            _("Choose a handle other than your login name: the handle is public, the login name is half of your sign-in."),
            code="login_name",
        )
    if not available(handle, users, organizations, exclude_pk=exclude_pk):
        raise ValidationError(_("This handle is taken; choose another."), code="taken")
    return handle
