"""Organization and profile pages (first cut; membership flows follow)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from accounts.models import Organization
from forum.text import sorted_by_name
from threads import queries


def org_list(request):
    orgs = sorted_by_name(Organization.objects.filter(status=Organization.Status.ADMITTED))
    return render(request, "accounts/org_list.html", {"organizations": orgs})


def org_detail(request, slug):
    org = get_object_or_404(Organization, slug=slug, status=Organization.Status.ADMITTED)
    return render(
        request,
        "accounts/org_detail.html",
        {"org": org, "threads": queries.organization_threads(request.user, org), "live_streams": [f"org:{org.slug}"]},
    )


@login_required
def profile(request):
    return render(request, "accounts/profile.html", {})
