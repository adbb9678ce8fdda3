"""What joint action adds to other pages: the statement or event a thread discusses."""

from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language

from accounts import access as people
from threads.core.models import Thread
from threads.joint.models import Statement, Visibility


def thread_belongs_to(user, thread: Thread) -> list[dict]:
    """The joint statement or event this thread discusses, and the events it sums up, that this
    reader may see: [{"kind": "statement" | "gathering" | "summing_up", "title", "url"}], in one
    query (left joins from the thread)."""
    members = people.can_read_members_only(user)
    english = (get_language() or "fa").startswith("en")
    rows = Thread.objects.filter(pk=thread.pk).values(
        "statement__pk", "statement__status", "statement__visibility",
        "statement__fa_revision__title", "statement__en_revision__title",
        "gathering__pk", "gathering__title", "gathering__visibility",
        "summed_up_gatherings__pk", "summed_up_gatherings__title", "summed_up_gatherings__visibility",
    )
    links, seen = [], set()

    def add(kind, pk, title, url):
        if (kind, pk) not in seen:
            seen.add((kind, pk))
            links.append({"kind": kind, "title": title, "url": url})

    for row in rows:
        if row["statement__pk"] and (
            members
            or row["statement__status"] == Statement.Status.PUBLISHED and row["statement__visibility"] == Visibility.PUBLIC
        ):
            titles = [row["statement__en_revision__title"], row["statement__fa_revision__title"]]
            title = next((t for t in (titles if english else titles[::-1]) if t), "")
            slug = slugify(title, allow_unicode=True)[:80]
            pk = row["statement__pk"]
            url = reverse("statement_detail_slug", args=[pk, slug]) if slug else reverse("statement_detail", args=[pk])
            add("statement", pk, title, url)
        for kind, prefix in (("gathering", "gathering__"), ("summing_up", "summed_up_gatherings__")):
            pk = row[f"{prefix}pk"]
            if pk and (members or row[f"{prefix}visibility"] == Visibility.PUBLIC):
                add(kind, pk, row[f"{prefix}title"], reverse("gathering_detail", args=[pk]))
    return links
