"""Atom feeds of a person's posts and of a tag's threads (issue 19); public content only, as
threads/feeds.py: whoever asks, members-only threads, hidden and queued posts never appear."""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from threads.following.people_queries import person_for_reader
from threads.following.feeds import FEED_SIZE, ThreadFeed, ThreadListFeed, attach_translations, public_threads
from threads.core.models import Post, Thread
from threads.core.tags import tag_for_reader


class PersonFeed(ThreadFeed):
    """A person's visible posts in public threads, newest first; 404 when they chose not to list them."""

    def get_object(self, request, handle):
        person = person_for_reader(handle)
        if not person.lists_posts:
            raise Http404
        return person

    def items(self, obj):
        posts = list(
            Post.objects.filter(
                author=obj, state=Post.State.VISIBLE, thread__visibility=Thread.Visibility.PUBLIC, thread__merged_into__isnull=True
            )
            .select_related("author", "on_behalf_of", "thread")
            .order_by("-created_at", "-pk")[:FEED_SIZE]
        )
        attach_translations(posts)  # each entry in the feed's language (issue 20)
        return posts

    def title(self, obj):
        return obj.public_name

    def link(self, obj):
        return obj.get_absolute_url()


class TagFeed(ThreadListFeed):
    """The public threads carrying a tag, newest first."""

    def get_object(self, request, slug):
        return tag_for_reader(AnonymousUser(), slug)  # feeds are public: whoever asks

    def threads(self, obj):
        return public_threads().filter(tag_links__tag=obj)

    def title(self, obj):
        return f"#{obj.name}"

    def link(self, obj):
        return f"/tags/{obj.slug}/"


__all__ = ["PersonFeed", "TagFeed", "FEED_SIZE"]
