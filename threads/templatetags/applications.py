"""The header's count of organizations waiting for an admin's decision (issue 19)."""

from django import template

from accounts import access as people
from threads.following.application_notices import waiting_count

register = template.Library()


@register.simple_tag
def waiting_applications(user):
    """How many applications wait (one query), for admins only; None for everyone else (no query)."""
    if not people.is_admin(user):
        return None
    return waiting_count()
