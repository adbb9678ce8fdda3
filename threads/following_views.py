"""Search, feeds' neighbours, following, notifications and unread pages. Thin: queries and actions."""

from django.views.decorators.http import require_GET
from django.shortcuts import render

from accounts.models import Organization
from forum.text import sorted_by_name
from threads import queries, search
from threads.following_forms import SearchForm


def _page_number(request) -> int:
    try:
        return max(1, int(request.GET.get("page", 1)))
    except ValueError:
        return 1


@require_GET
def search_view(request):
    organizations = sorted_by_name(list(Organization.objects.filter(status=Organization.Status.ADMITTED)))
    form = SearchForm(request.GET or None, areas=queries.area_list(), organizations=organizations)
    query = request.GET.get("q", "")[: search.MAX_QUERY * 4]
    results = None
    if query.strip():
        results = search.search_page(request.user, query, form.filters(), page=_page_number(request))
    return render(
        request,
        "following/search.html",
        {"form": form, "query": query, "results": results, "has_terms": bool(search.query_terms(query))},
    )
