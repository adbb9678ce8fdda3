"""The bell's unread count from the cache (no query on every page; following.py keeps it)."""

from django import template

from threads.following.actions import cached_unread_count, unread_count
from threads.following.actions import unread_counts as counts_for
from threads.following.models import Subscription

register = template.Library()


@register.simple_tag
def notification_count(user):
    """Counted at login and whenever a notice comes or is read; counted here (one query) only when
    the cached number has expired, so the bell is never wrongly empty."""
    if not user.is_authenticated:
        return None
    count = cached_unread_count(user.pk)
    return unread_count(user.pk) if count is None else count


@register.simple_tag(takes_context=True)
def unread_counts(context, threads):
    """Set `unread_count` on each thread of a list the signed-in reader has read before: posts new
    since then (one query for the whole list; nothing for visitors or in live-rendered rows)."""
    user = context.get("user")
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    threads = list(threads)
    counts = counts_for(user, threads)
    for thread in threads:
        thread.unread_count = counts.get(thread.pk)
    return ""


@register.simple_tag(takes_context=True)
def follow_level(context, kind, key):
    """The signed-in reader's level on a thread (key: id), area or organization (key: slug), one
    query; "normal" when they have not chosen, "" for visitors."""
    user = context.get("user")
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    lookup = {"thread": "thread_id", "area": "area__slug", "org": "organization__slug"}.get(kind)
    if lookup is None:
        return ""
    level = Subscription.objects.filter(user=user, **{lookup: key}).values_list("level", flat=True).first()
    return level or Subscription.Level.NORMAL
