"""Redaction: when a moderator removes information, no copy of it stays where others can read it.

A redaction (a moderator's edit of a post made to remove information, a correction for privacy of
a position, summary or statement, an account deleted at `/me/delete/`) must leave the removed
text in none of the places the site keeps copies:

- the revision history: `record` hides the earlier versions from everyone but moderators (the
  history says a version existed and was hidden by a moderator, with the reason);
- the search index: the action re-indexes the post inside its transaction;
- the stored live events (`StreamEvent`, replayed to pages that reconnect): `scrub_events`
  re-renders the events of the redacted posts as they are now and empties any other event whose
  fragment still holds a removed word (a page catching up then skips it);
- the page cache: `page_cache.purge` deletes every kept render of the affected pages.

Emails already delivered cannot be called back (docs/operations.md says so).
"""

import html
import logging
import re
from datetime import timedelta

from django.db import transaction
from django.utils.html import strip_tags

from threads.core import actions
from threads.core import page_cache
from threads.core.events import render_payload
from threads.core.models import Post, Redaction, StreamEvent

log = logging.getLogger(__name__)

WORD = re.compile(r"\w+")
SINCE_MARGIN = timedelta(minutes=5)  # events stored a little before the text was written (clocks)


# --- the history ----------------------------------------------------------------------------------


def record(*, kind: str, target_id: int, hides_before: int, actor, reason: str) -> Redaction:
    """Hide the target's revisions numbered below `hides_before` from everyone but moderators
    (called by the action that redacts, inside its transaction)."""
    return Redaction.objects.create(kind=kind, target_id=target_id, hides_before=hides_before, actor=actor, reason=reason)


def latest(kind: str, target_id: int) -> Redaction | None:
    """The redaction that hides the most of a target's history (one query), or None."""
    return Redaction.objects.filter(kind=kind, target_id=target_id).select_related("actor").first()


def mark_hidden(revisions: list, redaction: Redaction | None, *, may_see_hidden: bool) -> list:
    """Set `redacted` (hidden from this reader) and `redaction` on each revision; a moderator
    sees the text of a hidden version, marked as hidden."""
    for revision in revisions:
        hidden = redaction is not None and revision.number < redaction.hides_before
        revision.redaction = redaction if hidden else None
        revision.redacted = hidden and not may_see_hidden
    return revisions


# --- the copies ----------------------------------------------------------------------------------


def words(text_or_html: str) -> set[str]:
    return set(WORD.findall(html.unescape(strip_tags(text_or_html or "")).casefold()))


def removed_words(old_texts: list[str], new_text: str) -> set[str]:
    """The words of the earlier texts that the new text no longer has (short words only when
    they hold a digit: a number taken out is what a privacy edit usually removes)."""
    kept = words(new_text)
    gone = set()
    for text in old_texts:
        gone |= words(text) - kept
    return {w for w in gone if len(w) >= 3 or any(c.isdigit() for c in w)}


def scrub_events(*, removed: set[str], since, post_ids: set[int] = frozenset(), texts: frozenset[str] = frozenset()) -> int:
    """Rewrite the stored live events since `since` that carry a redacted post, a removed word or
    one of `texts` (the rendered text of a translation hidden with its original): a post's own
    events get its fragment as it is now, any other event loses its fragments (a page catching up
    skips it). Returns the number of events rewritten."""
    posts: dict[int, Post | None] = {}
    rewritten = 0
    events = StreamEvent.objects.filter(created_at__gte=since - SINCE_MARGIN).order_by("pk").values_list("pk", "stream", "event", "payload")
    for pk, stream, kind, payload in events.iterator(chunk_size=500):
        payload = payload or {}
        data = payload.get("_data") or {}
        post_id = data.get("post") if isinstance(data, dict) else None
        own = post_id in post_ids
        if not own and not _holds_any(payload, removed) and not _holds_text(payload, texts):
            continue
        post = None
        if post_id is not None and kind.startswith("post."):
            if post_id not in posts:
                posts[post_id] = Post.objects.select_related("thread", "author").filter(pk=post_id).first()
            post = posts[post_id]
        if post is not None and stream == post.thread.stream:
            fresh = render_payload(actions.post_renderer(post))
        else:
            fresh = {}
        fresh["_data"] = data
        StreamEvent.objects.filter(pk=pk).update(payload=fresh)
        rewritten += 1
    return rewritten


def _holds_any(payload: dict, removed: set[str]) -> bool:
    """Whether a fragment of the payload holds one of the removed words: a plain substring test
    first (words hold no character HTML escapes), the word-exact test only for what passes it."""
    if not removed:
        return False
    for fragment in {v for k, v in payload.items() if k != "_data" and isinstance(v, str)}:
        folded = fragment.casefold()
        if any(word in folded for word in removed) and removed & words(fragment):
            return True
    return False


def _holds_text(payload: dict, texts) -> bool:
    """Whether a fragment of the payload holds one of `texts` verbatim."""
    if not texts:
        return False
    return any(text in fragment for fragment in payload.values() if isinstance(fragment, str) for text in texts)


def thread_streams(thread) -> list[str]:
    """The streams whose cached pages may show a thread's text: the thread, home, its areas,
    the organization it speaks for."""
    streams = [thread.stream, "home", *(f"area:{area.slug}" for area in thread.areas.all())]
    if thread.on_behalf_of_id:
        streams.append(f"org:{thread.on_behalf_of.slug}")
    return streams


def purge_on_commit(
    *, streams: list[str], removed: set[str], since, post_ids: set[int] = frozenset(), texts: frozenset[str] = frozenset()
) -> None:
    """After the redacting transaction commits (and after its own live event is stored), purge
    the cached pages of `streams` and scrub the stored live events."""

    def purge():
        for stream in dict.fromkeys(streams):
            page_cache.purge(stream)
        count = scrub_events(removed=removed, since=since, post_ids=post_ids, texts=texts)
        log.info("redaction: %d stored live events rewritten, %d page streams purged", count, len(set(streams)))

    transaction.on_commit(purge)


def redact_post_copies(post: Post, old_texts: list[str]) -> None:
    """Called inside the transaction of a moderator's redacting edit of `post`."""
    purge_on_commit(
        streams=thread_streams(post.thread),
        removed=removed_words(old_texts, post.body_html),
        since=post.created_at,
        post_ids={post.pk},
    )


def forget_person_copies(user, old_names: list[str]) -> None:
    """Called inside the transaction of an account's deletion: the person's former names leave
    the stored live events and the cached pages that showed them."""
    removed = set()
    for name in old_names:
        removed |= {w for w in words(name) if len(w) >= 2}
    post_ids = set(Post.objects.filter(author=user).values_list("pk", flat=True))
    streams = ["home"]
    for thread in {p.thread for p in Post.objects.filter(author=user).select_related("thread", "thread__on_behalf_of").prefetch_related("thread__areas")}:
        streams.extend(thread_streams(thread))
    since = user.date_joined or Post.objects.filter(author=user).order_by("created_at").values_list("created_at", flat=True).first()
    purge_on_commit(streams=streams, removed=removed, since=since, post_ids=post_ids)


def hide_in_statement_history(history: list[dict], statement, *, may_see_hidden: bool) -> list[dict]:
    """`mark_hidden` for a statement's history (one query), per language; the difference shown
    with the first revision after hidden ones would show the removed words, so it goes too."""
    latest_per_language = {}
    for found in Redaction.objects.filter(kind__in=["statement.fa", "statement.en"], target_id=statement.pk).select_related("actor"):
        language = found.kind.split(".")[1]
        if language not in latest_per_language or found.hides_before > latest_per_language[language].hides_before:
            latest_per_language[language] = found
    for item in history:
        revision = item["revision"]
        mark_hidden([revision], latest_per_language.get(revision.language), may_see_hidden=may_see_hidden)
    for item in history:
        previous = item.get("previous")
        if previous is not None and not may_see_hidden:
            found = latest_per_language.get(previous.language)
            if found is not None and previous.number < found.hides_before:
                item["diff"], item["title_changed"] = None, False
    return history
