"""Search, feeds' neighbours, following, notifications and unread pages. Thin: queries and actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Organization
from forum.errors import ActionRefused
from forum.text import sorted_by_name
from threads.core import access, queries
from threads.core.models import Area
from threads.core.queries import page_of_post
from threads.following import actions as following
from threads.following import search
from threads.following.forms import PreferencesForm, SearchForm
from threads.following.models import FollowPreferences, Notification


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


# --- following, notifications, unsubscribe -------------------------------------------------------




@login_required
@require_POST
def follow_view(request, kind, key):
    if kind == "thread":
        target = access.thread_for_reader(user=request.user, thread_id=key)
    elif kind == "area":
        target = get_object_or_404(Area, slug=key)
    elif kind == "org":
        target = get_object_or_404(Organization, slug=key, status=Organization.Status.ADMITTED)
    else:
        raise Http404
    try:
        following.follow(acting_user=request.user, target=target, level=request.POST.get("level", ""))
    except (ActionRefused, Exception) as error:  # noqa: BLE001 - a bad level: say so, change nothing
        messages.error(request, getattr(error, "message", None) or _("Choose how closely to follow."))
    else:
        messages.success(request, _("Saved: you follow it as you chose."))
    return redirect(target.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def notifications_view(request):
    if request.method == "POST":
        following.mark_all_read(acting_user=request.user)
        return redirect("notifications")
    notes = (
        Notification.objects.filter(user=request.user)
        .select_related("actor", "thread", "post", "post__thread", "organization", "action")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(notes, 50).get_page(_page_number(request))
    prefs = FollowPreferences.objects.filter(user=request.user).first() or FollowPreferences(user=request.user)
    return render(
        request,
        "following/notifications.html",
        {"page": page, "preferences_form": PreferencesForm(instance=prefs)},
    )


@login_required
@require_POST
def preferences_view(request):
    form = PreferencesForm(request.POST)
    if form.is_valid():
        following.save_preferences(
            acting_user=request.user,
            email=form.cleaned_data["email"],
            watch_when_posting=form.cleaned_data["watch_when_posting"],
            language=get_language(),
        )
        messages.success(request, _("Your choices are saved."))
    else:
        messages.error(request, _("Choose how often to be emailed."))
    return redirect("notifications")


@require_http_methods(["GET", "POST"])
def unsubscribe_view(request, token):
    user, problem = following.user_for_unsubscribe(token)
    done = False
    if user is not None and request.method == "POST":
        following.unsubscribe(user=user)
        done = True
    return render(request, "following/unsubscribe.html", {"problem": problem, "done": done}, status=400 if problem else 200)


# --- unread: jump to the first unread post, new since my last visit ------------------------------



@require_GET
def jump_to_unread(request, pk):
    """/threads/<id>/unread/: the page of the thread with the reader's first unread post, anchored
    at it (the last post when all is read, the start for a thread never opened or a visitor)."""
    thread = access.thread_for_reader(user=request.user, thread_id=pk)
    post = following.first_unread_post(request.user, thread) if request.user.is_authenticated else None
    if post is None:
        return redirect(thread.get_absolute_url())
    page = page_of_post(request.user, post)
    return redirect(thread.get_absolute_url() + (f"?page={page}" if page > 1 else "") + f"#{post.anchor}")


@login_required
@require_http_methods(["GET", "POST"])
def new_since_visit_view(request):
    if request.method == "POST":
        following.mark_visit(acting_user=request.user)
        messages.success(request, _("Everything up to now is marked as seen."))
        return redirect("new_since_visit")
    since, visited, threads = following.new_since_last_visit(request.user)
    page = Paginator(threads, 30).get_page(_page_number(request))
    return render(
        request,
        "following/new.html",
        {"page": page, "threads": page.object_list, "since": since, "visited": visited},
    )
