"""Quoting a post in a reply (issue 20): Markdown the reply box takes, in the reader's language.

The quote is a blockquote of the text the reader sees, with a link to the quoted post and its
author (the link's `#post-<id>` is what tells the author they were quoted,
threads.following.actions). When the reader sees a translation, the quote carries both: the
translation, who translated it, and the original in a blockquote inside it. It goes through the
house sanitizer with the rest of the reply, at write time. Only a visible post can be quoted: not one
awaiting approval, hidden by the moderators, or corrected for privacy (its earlier words must not
travel on in quotes of it).
"""

import re

from django.http import Http404
from django.utils.translation import gettext as _

from forum.errors import ActionRefused
from threads.core import access as core_access
from threads.core.models import Post, Redaction
from threads.translations import access, queries

_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]<>#!|])")


def _escaped(name: str) -> str:
    """A name as Markdown text: none of its characters make a link or emphasis."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", name)


def _person(user) -> str:
    name = _escaped(user.public_name)
    handle = getattr(user, "handle", "")
    return f"[{name}]({user.get_absolute_url()})" if handle and not getattr(user, "is_deleted", False) else name


def _blockquote(text: str) -> str:
    return "\n".join(f"> {line}".rstrip() for line in text.strip().splitlines())


def quotable_post(*, user, post_id, thread=None) -> Post:
    """The post, if this reader may quote it: Http404 alike when it is missing, not readable by them
    or (given a thread) in another thread; ActionRefused, saying why, when it cannot be quoted."""
    post = core_access.post_for_reader(user=user, post_id=post_id)
    if thread is not None and post.thread_id != thread.pk:
        raise Http404
    if post.state != Post.State.VISIBLE:
        raise ActionRefused(_("Only a post others can read can be quoted."))
    if Redaction.objects.filter(kind=Redaction.Kind.POST, target_id=post.pk).exists():
        raise ActionRefused(_("This post was corrected by the moderators to remove information; it cannot be quoted."))
    return post


def quotable_post_for_reply(*, user, post_id, thread=None) -> Post:
    """The same, for someone about to reply in its thread (ActionRefused when they may not)."""
    post = quotable_post(user=user, post_id=post_id, thread=thread)
    if not core_access.can_reply(user, post.thread):
        raise ActionRefused(_("You cannot reply in this thread."))
    return post


def quote_markdown(post: Post) -> str:
    """The quote in the reader's interface language (the active one)."""
    shown = access.shown_translation(post, queries.translations_of(post))
    link = f"{post.get_absolute_url()}#post-{post.pk}"
    attribution = _("— %(author)s, in [this post](%(url)s)") % {"author": _person(post.author), "url": link}
    if shown is None:
        return f"{_blockquote(post.body_source)}\n>\n> {attribution}\n"
    if shown.translator_id == post.author_id:
        by = _("translated by the author")
    else:
        by = _("translated by %(name)s") % {"name": _person(shown.translator)}
    original = _blockquote(_blockquote(post.body_source))
    return (
        f"{_blockquote(shown.body_source)}\n>\n> {attribution} · {by}; {_('the original:')}\n>\n{original}\n"
    )
