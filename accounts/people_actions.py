"""Writes to a person's public page (issue 19): handle, bio, whether it lists posts; following people."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import handles
from accounts.models import Organization, PersonFollow, User
from forum.errors import require
from accounts.mentions import render_with_mentions

BIO_MAX = 2000


def update_public_page(*, acting_user: User, handle: str, bio: str, lists_posts: bool) -> User:
    """The person's own handle, bio (Markdown, sanitized and rendered once, here) and whether their
    page lists their posts. A handle equal to the login name is refused (see docs/security.md)."""
    require(acting_user.is_authenticated and not acting_user.is_deleted, _("Sign in to edit your page."))
    try:
        handle = handles.validate(
            handle, username=acting_user.username, users=User.objects, organizations=Organization.objects,
            exclude_pk=acting_user.pk,
        )
    except ValidationError as error:
        raise ValidationError({"handle": error}) from None
    bio = bio.strip()
    if len(bio) > BIO_MAX:
        raise ValidationError({"bio": _("A bio has at most %(max)d characters.") % {"max": BIO_MAX}})
    with transaction.atomic():
        acting_user.handle = handle
        acting_user.bio_source = bio
        acting_user.bio_html = render_with_mentions(bio) if bio else ""
        acting_user.lists_posts = bool(lists_posts)
        acting_user.save(update_fields=["handle", "bio_source", "bio_html", "lists_posts"])
    return acting_user


def set_following(*, acting_user: User, person: User, follow: bool) -> bool:
    """Follow a person (their new threads reach the follower's bell) or stop; returns the new state."""
    require(acting_user.is_authenticated, _("Sign in to follow people."))
    require(acting_user.pk != person.pk, _("You cannot follow yourself."))
    with transaction.atomic():
        if follow:
            PersonFollow.objects.get_or_create(follower=acting_user, person=person)
        else:
            PersonFollow.objects.filter(follower=acting_user, person=person).delete()
    return follow


def set_handle(*, acting_user: User, handle: str) -> User:
    """Choose one's handle (at sign-up); refused when taken or equal to the login name."""
    try:
        handle = handles.validate(
            handle, username=acting_user.username, users=User.objects, organizations=Organization.objects,
            exclude_pk=acting_user.pk,
        )
    except ValidationError as error:
        raise ValidationError({"handle": error}) from None
    with transaction.atomic():
        acting_user.handle = handle
        acting_user.save(update_fields=["handle"])
    return acting_user
