"""`{% live_since live_streams live_since %}`: the sequence numbers a page already reflects."""

from django import template

from threads.core.events import page_since
from threads.live.signals import request_started_at

register = template.Library()


@register.simple_tag(takes_context=True)
def live_since(context, streams, given=None):
    """'stream=seq stream=seq' for the body's data-live-since.

    A view may pass `live_since` as {stream: seq} read before its queries, or have them read so
    (`request.live_heads`, threads.core.events.heads_first); otherwise the number is derived from
    when the request started (see threads.core.events.page_since), which is never too high, so the
    page's socket replays anything that may have been committed after the page read the DB.
    """
    if not streams:
        return ""
    request = context.get("request")
    if not isinstance(given, dict):
        given = getattr(request, "live_heads", None)
    started = request_started_at(request) if request is not None else None
    parts = []
    for stream in streams:
        if isinstance(given, dict) and stream in given:
            seq = int(given[stream])
        else:
            seq = page_since(stream, started)
        parts.append(f"{stream}={seq}")
    return " ".join(parts)
