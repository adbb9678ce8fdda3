"""The bell's unread count from the cache (no query on every page; following.py keeps it)."""

from django import template

register = template.Library()


@register.simple_tag
def notification_count(user):
    if not user.is_authenticated:
        return None
    from threads.following import cached_unread_count

    return cached_unread_count(user.pk)
