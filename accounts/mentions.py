"""@mentions (issue 19): links at write time, and the completion offered while typing.

`render_with_mentions` is what the action layer calls instead of `markup.render_markdown` for
text that may mention people or organizations: it looks the names up (two queries, only when the
text has an @) and hands the addresses to the markup pipeline, which links them after sanitizing.
"""

from django.db.models import Q
from django.urls import reverse

from accounts.models import Organization, User
from forum.text import normalize_persian
from forum.markup import MENTION_IN_TEXT, render_markdown

MAX_NAMES = 30  # names looked up per text
COMPLETIONS = 8  # suggestions per answer


def mention_targets(source: str) -> dict[str, str]:
    """{lower-case name: page address} for the @names in `source` that are a person's handle or
    an admitted organization's slug (the organization wins a tie; handles avoid org slugs)."""
    names = sorted({m.lower().rstrip(".") for m in MENTION_IN_TEXT.findall(source or "")})[:MAX_NAMES]
    if not names:
        return {}
    targets = {
        handle: reverse("person", args=[handle])
        for handle in User.objects.filter(handle__in=names, is_active=True, is_deleted=False).values_list("handle", flat=True)
    }
    for slug in Organization.objects.filter(slug__in=names, status=Organization.Status.ADMITTED).values_list("slug", flat=True):
        targets[slug] = reverse("org_detail", args=[slug])
    return targets


def render_with_mentions(source: str) -> str:
    return render_markdown(source, mentions=mention_targets(source))


def completions(prefix: str) -> list[dict]:
    """People and organizations whose handle, slug or name starts with `prefix` (Persian letter
    forms and case folded), for the @ completion. Two fixed queries.

    Everyone listed here is someone whose page any reader may open: active people (their handle and
    display name are public on their posts) and admitted organizations (public pages). Pending,
    declined and applying organizations are never offered, and nothing about memberships is said,
    so the answer leaks no membership and nothing members-only."""
    prefix = (prefix or "").strip().lstrip("@")[:40]
    if not prefix:
        return []
    folded = normalize_persian(prefix)
    people = (
        User.objects.filter(is_active=True, is_deleted=False, handle__isnull=False)
        .filter(Q(handle__startswith=prefix.lower()) | Q(display_name__istartswith=prefix) | Q(display_name__istartswith=folded))
        .order_by("handle")
        .values_list("handle", "display_name")[:COMPLETIONS]
    )
    organizations = (
        Organization.objects.filter(status=Organization.Status.ADMITTED)
        .filter(Q(slug__startswith=prefix.lower()) | Q(name_fa__startswith=folded) | Q(name_fa__startswith=prefix) | Q(name_en__istartswith=prefix))
        .order_by("slug")
        .values_list("slug", "name_fa", "name_en")[:COMPLETIONS]
    )
    result = [{"kind": "person", "name": handle, "label": display or handle} for handle, display in people]
    result += [{"kind": "organization", "name": slug, "label": f"{fa} · {en}"} for slug, fa, en in organizations]
    return result[:COMPLETIONS]


__all__ = ["mention_targets", "render_with_mentions", "completions"]
