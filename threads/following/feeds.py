"""Atom feeds of public content only: the home page, each area, organization, thread and debate.

Every feed is built as a visitor would see the site, whoever asks: members-only threads, hidden
and queued posts never appear, and asking for the feed of a members-only thread is a 404, exactly
like a missing one.

A feed is in one language: `?lang=fa|en` when the address says so (feed readers rarely send a
cookie), else the reader's as for pages (the language cookie, then Accept-Language). A post's entry
shows its visible translation into that language when it has one (issue 20), marked, with a link
to the original; the translations of every entry come in one query.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils import translation as i18n
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from urllib.parse import urlencode

from accounts.models import Organization
from threads.core.models import Area, Post, Thread
from threads.debates.models import Debate
from threads.records.links import feed_enclosures
from threads.translations import access as translation_access
from threads.translations import queries as translation_queries

FEED_SIZE = 30


class _AtomFeed(Feed):
    feed_type = Atom1Feed
    author_name = "Hamgami"

    def __call__(self, request, *args, **kwargs):
        language = request.GET.get("lang")
        if language is not None and language not in dict(settings.LANGUAGES):
            raise Http404
        with i18n.override(language or i18n.get_language()):
            response = super().__call__(request, *args, **kwargs)
        response["Content-Type"] = "application/atom+xml; charset=utf-8"
        if language is None:  # chosen as for pages: a shared cache must keep one copy per language
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    def get_feed(self, obj, request):
        """The feed, whose rel="self" address keeps its ?lang= so a reader refreshing it stays in that language."""
        feed = super().get_feed(obj, request)
        language = request.GET.get("lang")
        if language and feed.feed.get("feed_url"):
            feed.feed["feed_url"] += "?" + urlencode({"lang": language})
        return feed


def attach_translations(posts) -> None:
    """Give each post `feed_translation`: its visible translation into the feed's language, or None
    (one query for all of them)."""
    posts = [post for post in posts if post is not None]
    translation_queries.attach(posts)
    for post in posts:
        post.feed_translation = translation_access.shown_translation(post, post.translation_list)


class _PostEntries:
    """The description of an entry showing a post: its translation, marked and linked to the
    original, or the original (templates/following/feed_post.html)."""

    description_template = "following/feed_post.html"

    def entry_post(self, item):
        return item

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        post = context["post"] = self.entry_post(kwargs["item"])
        if post is not None and getattr(post, "feed_translation", None) is not None:
            context["original_url"] = kwargs["request"].build_absolute_uri(f"{post.get_absolute_url()}?original")
        return context


def public_threads():
    return (
        Thread.objects.filter(visibility=Thread.Visibility.PUBLIC, merged_into__isnull=True)
        .select_related("author", "on_behalf_of")
        .order_by("-created_at", "-pk")
    )


class ThreadListFeed(_PostEntries, _AtomFeed):
    """Entries are threads (newest first), each with its opening post when that post is visible."""

    def threads(self, obj):
        return public_threads()

    def items(self, obj):
        threads = list(self.threads(obj)[:FEED_SIZE])
        openings = {}
        for post in Post.objects.filter(thread__in=threads, state=Post.State.VISIBLE).order_by("-created_at", "-pk"):
            openings[post.thread_id] = post  # the last one seen is the earliest
        records = feed_enclosures("debate", [t.pk for t in threads if t.kind == Thread.Kind.DEBATE])
        for thread in threads:
            thread.opening = openings.get(thread.pk)
            thread.record_enclosures = records.get(thread.pk, [])
        attach_translations(thread.opening for thread in threads)
        return threads

    def entry_post(self, item):
        return item.opening

    def item_enclosures(self, item):
        """A concluded debate's record: PDF, Markdown and JSON (threads/records)."""
        return item.record_enclosures

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.last_activity_at

    def item_author_name(self, item):
        name = item.author.public_name
        return f"{name} ({item.on_behalf_of.name})" if item.on_behalf_of else name


class HomeFeed(ThreadListFeed):
    def title(self):
        return _("Hamgami: new threads")

    def link(self):
        return reverse("home")

    def subtitle(self):
        return _("New public threads in every cooperation area.")


class AreaFeed(ThreadListFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Area, slug=slug)

    def threads(self, obj):
        return public_threads().filter(area_links__tag=obj)

    def title(self, obj):
        return _("Hamgami: %(area)s") % {"area": obj.short}

    def link(self, obj):
        return obj.get_absolute_url()

    def subtitle(self, obj):
        return obj.full


class OrganizationFeed(ThreadListFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Organization, slug=slug, status=Organization.Status.ADMITTED)

    def threads(self, obj):
        return public_threads().filter(on_behalf_of=obj)

    def title(self, obj):
        return _("Hamgami: threads of %(org)s") % {"org": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()


class ThreadFeed(_PostEntries, _AtomFeed):
    """The visible posts of one public thread, newest first."""

    def get_object(self, request, pk):
        thread = Thread.objects.filter(pk=pk, visibility=Thread.Visibility.PUBLIC).first()
        if thread is None:
            raise Http404
        return thread

    def items(self, obj):
        posts = list(
            Post.objects.filter(thread=obj, state=Post.State.VISIBLE)
            .select_related("author", "on_behalf_of", "thread")
            .order_by("-created_at", "-pk")[:FEED_SIZE]
        )
        attach_translations(posts)
        return posts

    def title(self, obj):
        return obj.title

    def link(self, obj):
        return obj.get_absolute_url()

    def item_title(self, item):
        return _("%(author)s in “%(thread)s”") % {"author": self.item_author_name(item), "thread": item.thread.title}

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.edited_at or item.created_at

    def item_author_name(self, item):
        name = item.author.public_name
        return f"{name} ({item.on_behalf_of.name})" if item.on_behalf_of else name


class PositionsFeed(_AtomFeed):
    """The organizations' current positions on a public debate's motion, latest change first."""

    def get_object(self, request, pk):
        debate = Debate.objects.select_related("thread").filter(
            thread_id=pk, thread__visibility=Thread.Visibility.PUBLIC
        ).first()
        if debate is None:
            raise Http404
        return debate

    def items(self, obj):
        return list(obj.positions.select_related("organization").order_by("-updated_at", "-pk")[:FEED_SIZE])

    def title(self, obj):
        return _("Positions: %(motion)s") % {"motion": obj.thread.title}

    def link(self, obj):
        return obj.thread.get_absolute_url()

    def item_title(self, item):
        return f"{item.organization.name}: {item.get_stance_display()}"

    def item_description(self, item):
        return item.statement_html

    def item_link(self, item):
        return f"{item.debate.thread.get_absolute_url()}#position-{item.organization.slug}"

    def item_guid(self, item):
        return f"{self.item_link(item)}-{item.revision_count}"

    def item_pubdate(self, item):
        return item.updated_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.organization.name
