"""Template helpers for moderation controls (templates/moderation/_*_controls.html)."""

from django import template

from threads.moderation.actions import can_moderate_areas_of
from threads.moderation.models import Flag

register = template.Library()


@register.filter
def moderated_by(thread, user) -> bool:
    """Whether `user` moderates `thread` as an area moderator (guarded in templates by
    user.is_area_moderator, so ordinary readers cost no query)."""
    if not thread:
        return False
    cache = thread.__dict__.setdefault("_moderated_by", {})
    if user.pk not in cache:
        cache[user.pk] = can_moderate_areas_of(user, thread)
    return cache[user.pk]


@register.simple_tag
def flag_kind_choices():
    return Flag.Kind.choices
