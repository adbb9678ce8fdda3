"""Tag pages and the @mention completion endpoint (issue 19). Thin: queries only."""

from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts import access as people
from accounts import mentions
from threads.core import tags

COMPLETIONS_PER_MINUTE = 60


def _page_number(request) -> int:
    try:
        return max(1, int(request.GET.get("page", 1)))
    except ValueError:
        return 1


@require_GET
def tag_detail(request, slug):
    tag = tags.tag_for_reader(request.user, slug)
    page = tags.tag_threads(request.user, tag, page=_page_number(request))
    return render(request, "core/tag.html", {"tag": tag, "page": page})


def _over_rate(user) -> bool:
    """At most COMPLETIONS_PER_MINUTE answers a minute per person (a key per minute in the cache)."""
    key = f"mentions:complete:{user.pk}:{timezone.now():%Y%m%d%H%M}"
    if cache.add(key, 1, timeout=90):
        return False
    try:
        return cache.incr(key) > COMPLETIONS_PER_MINUTE
    except ValueError:  # expired between add and incr
        return False


@require_GET
def mention_completions(request):
    """JSON {"results": [{kind, name, label}]} for `?q=` (the text after @); only for people who
    may write (they are the ones with a post box); fixed queries; rate-limited per person."""
    if not people.can_post(request.user):
        return JsonResponse({"error": _("Only members who may write can look up mentions.")}, status=403)
    if _over_rate(request.user):
        response = JsonResponse({"error": _("Too many look-ups; wait a minute.")}, status=429)
        response["Retry-After"] = "60"
        return response
    results = mentions.completions(request.GET.get("q", ""))
    response = JsonResponse({
        "results": results,
        # What the page's live region says (in the reader's language; the script has no strings).
        "messages": {
            "count": _("%(count)s suggestions: up and down arrows to choose, Enter to insert, Escape to close."),
            "none": _("No one to suggest."),
            "inserted": _("%(name)s inserted."),
        },
    })
    response["Cache-Control"] = "private, no-store"
    return response
