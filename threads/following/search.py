"""Search over posts and thread titles that understands Persian, the same on SQLite and PostgreSQL.

Index and query go through the same steps, so whatever a person types finds what was written:

1. `forum.text.fold_for_search`: letter forms, digits, diacritics, kashida, ZWNJ, case.
2. `tokens`: runs of letters and digits (no punctuation, no operators), at most MAX_TOKEN long.
   A word written with a ZWNJ is also indexed joined ("می‌خواهم" → می · خواهم · میخواهم), so it
   is found typed with a ZWNJ, with a space or with neither.
3. The engine matches every query token as a whole token (AND): FTS5 with each token quoted, so
   nothing a person types is ever FTS5 syntax; PostgreSQL with plainto_tsquery('simple', …) over
   to_tsvector('simple', …), which takes the already folded tokens as they are.

Results are ordered newest first on both engines, so the same data gives the same results.
Permissions are applied in the query: members-only threads only for those who may read them,
hidden and queued posts only for moderators.
"""

import html
import re
from dataclasses import dataclass
from datetime import date
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.paginator import Paginator
from django.db import connection as default_connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape, format_html, format_html_join, strip_tags
from django.utils.safestring import SafeString

from accounts import access as people
from forum import affixes
from forum.text import ZWNJ, fold_for_search
from threads.core.models import Post, Thread
from threads.following.models import SearchDocument
from threads.core.tag_names import tag_slug
from threads.translations.models import Translation

MODELS = (Post, SearchDocument, Thread)
FTS_TABLE = "threads_search_fts"
PG_INDEX = "threads_search_document_gin"
TOKEN = re.compile(r"[^\W_]+")
MAX_TOKEN = 60  # longer runs (hashes, pasted junk) are not indexed
MAX_QUERY = 300  # characters of a query looked at
MAX_TERMS = 12  # tokens of a query used
PAGE_SIZE = 20
SNIPPET = 220  # characters around the first match


# --- folding and tokens -------------------------------------------------------------------------


def tokens(text: str) -> list[str]:
    return [t for t in TOKEN.findall(fold_for_search(text)) if len(t) <= MAX_TOKEN]


def document_text(text: str) -> str:
    """The indexed form of a text: its tokens, then the joined forms of words written with ZWNJ."""
    words = tokens(text)
    for word in re.findall(r"\S*\u200c\S*", text or ""):
        words.extend(t for t in tokens(word.replace(ZWNJ, "")) if t not in words)
    words.extend(affixes.forms(words))  # stems and words written in pieces (forum/affixes.py)
    return " ".join(words)


def query_clauses(query: str) -> list[list[tuple[str, ...]]]:
    """What a query asks for: every clause must match; a clause matches when one of its
    alternatives' tokens all appear. A word typed with a ZWNJ has two alternatives, its parts and
    its joined form, so it finds the word written with a ZWNJ, a space or neither."""
    query = (query or "")[:MAX_QUERY]
    query = query.encode("utf-8", "replace").decode("utf-8", "replace")  # lone surrogates
    clauses, seen, count = [], set(), 0
    for word in _query_words(query):
        parts = tuple(t for t in tokens(word) if t not in seen)
        if not parts:
            continue
        alternatives = [parts]
        if ZWNJ in word and len(parts) > 1:
            joined = tuple(tokens(word.replace(ZWNJ, "")))
            if joined and joined != parts:
                alternatives.append(joined)
        # the stem of the whole word: "تشکلها", "تشکل‌ها" and "تشکل ها" all ask for "تشکل"
        stemmed = affixes.stem("".join(tokens(word.replace(ZWNJ, ""))))
        if stemmed and (stemmed,) not in alternatives:
            alternatives.append((stemmed,))
        count += len(parts)
        if count > MAX_TERMS:
            break
        seen.update(parts)
        clauses.append(alternatives)
    return clauses


def _query_words(query: str) -> list[str]:
    """The query's words, with affixes typed apart joined to their stem ("تشکل ها" is one word)."""
    words = []
    for word in query.split():
        folded, before = tokens(word), tokens(words[-1]) if words else []
        suffix_apart = len(folded) == 1 and folded[0] in affixes.SUFFIXES and before
        after_prefix = len(before) == 1 and before[0] in affixes.PREFIXES and folded
        if suffix_apart or after_prefix:
            words[-1] += ZWNJ + word
        else:
            words.append(word)
    return words


def query_terms(query: str) -> list[str]:
    """Every token a query may match (for highlighting); [] for an empty or tokenless query."""
    terms = []
    for clause in query_clauses(query):
        for alternative in clause:
            terms.extend(t for t in alternative if t not in terms)
    return terms


def plain_text(body_html: str) -> str:
    return html.unescape(strip_tags(body_html or ""))


# --- the index, per engine ----------------------------------------------------------------------


def _is_sqlite(connection) -> bool:
    return connection.vendor == "sqlite"


def create_engine_index(connection) -> None:
    with connection.cursor() as cursor:
        if _is_sqlite(connection):
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(text, tokenize='unicode61 remove_diacritics 0')"
            )
        elif connection.vendor == "postgresql":
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON threads_searchdocument "
                "USING gin (to_tsvector('simple'::regconfig, COALESCE(text, '')))"
            )


def drop_engine_index(connection) -> None:
    with connection.cursor() as cursor:
        if _is_sqlite(connection):
            cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
        elif connection.vendor == "postgresql":
            cursor.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")


def _write_fts(connection, rows: list[tuple[int, str]]) -> None:
    if not _is_sqlite(connection) or not rows:
        return
    with connection.cursor() as cursor:
        cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(pk,) for pk, _text in rows])
        cursor.executemany(f"INSERT INTO {FTS_TABLE}(rowid, text) VALUES (%s, %s)", rows)


def _post_document(post, title: str | None) -> str:
    text = plain_text(post.body_html)
    if title:
        text = f"{title}\n{text}"
    return document_text(text)


def index_post(post, *, is_opening: bool | None = None) -> None:
    """(Re)index one post; called by the action layer inside its transaction."""
    if is_opening is None:
        first = Post.objects.filter(thread_id=post.thread_id).order_by("created_at", "pk").values_list("pk", flat=True)
        is_opening = first.first() == post.pk
    text = _post_document(post, post.thread.title if is_opening else None)
    for translated in Translation.objects.filter(post_id=post.pk, state=Translation.State.VISIBLE).values_list(
        "body_html", flat=True
    ):  # a post is found by either text (issue 20)
        text = f"{text} {document_text(plain_text(translated))}"
    SearchDocument.objects.update_or_create(post_id=post.pk, defaults={"text": text})
    _write_fts(default_connection, [(post.pk, text)])


def index_thread(thread) -> None:
    """Reindex every post of a thread (its title changed, posts moved into it)."""
    posts = list(Post.objects.filter(thread=thread).select_related("thread").order_by("created_at", "pk"))
    for number, post in enumerate(posts):
        index_post(post, is_opening=number == 0)


def reindex_all(*, apps=None, connection=None, batch: int = 500) -> int:
    """Rebuild the whole index (the migration and `manage.py reindex_search`)."""
    connection = connection or default_connection
    if apps is None:
        Post, SearchDocument, Thread = MODELS  # noqa: N806 - or the historical ones of a migration
    else:
        Post, SearchDocument, Thread = (apps.get_model("threads", n) for n in ("Post", "SearchDocument", "Thread"))
    SearchDocument.objects.all().delete()
    if _is_sqlite(connection):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")
    openings = {}
    for thread_id, post_id in Post.objects.order_by("thread_id", "-created_at", "-pk").values_list("thread_id", "pk"):
        openings[thread_id] = post_id  # the last one seen per thread is its first post
    titles = dict(Thread.objects.values_list("pk", "title"))
    count = 0
    last = 0
    while True:
        posts = list(Post.objects.filter(pk__gt=last).order_by("pk").only("pk", "thread_id", "body_html")[:batch])
        if not posts:
            if apps is None:  # posts with translations again, with their text (issue 20)
                translated = Post.objects.filter(translations__state=Translation.State.VISIBLE).distinct()
                for post in translated.select_related("thread"):
                    index_post(post, is_opening=openings.get(post.thread_id) == post.pk)
            return count
        rows = [(p.pk, _post_document(p, titles.get(p.thread_id) if openings.get(p.thread_id) == p.pk else None)) for p in posts]
        SearchDocument.objects.bulk_create([SearchDocument(post_id=pk, text=text) for pk, text in rows])
        _write_fts(connection, rows)
        count += len(rows)
        last = posts[-1].pk


def _matching(clauses) -> Q:
    if _is_sqlite(default_connection):
        # Tokens hold letters and digits only, and each is quoted: nothing typed is FTS5 syntax.
        match = " AND ".join(
            "(" + " OR ".join("(" + " AND ".join(f'"{t}"' for t in alt) + ")" for alt in clause) + ")"
            for clause in clauses
        )
        return Q(pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match]))

    wanted = reduce(
        and_,
        (
            reduce(or_, (SearchQuery(" ".join(alt), config="simple", search_type="plain") for alt in clause))
            for clause in clauses
        ),
    )
    docs = SearchDocument.objects.annotate(vector=SearchVector("text", config="simple")).filter(vector=wanted)
    return Q(pk__in=docs.values("post_id"))


# --- asking -------------------------------------------------------------------------------------


@dataclass
class Filters:
    area: str = ""
    organization: str = ""
    kind: str = ""
    author: str = ""
    since: date | None = None
    until: date | None = None
    tag: str = ""  # a tag's name as typed: normalized (threads.core.tags) before it filters
    thread: int | None = None


def searchable_posts(user) -> QuerySet:
    """Posts this person may find: readable threads; hidden and queued posts for moderators only."""
    posts = Post.objects.all()
    if not people.can_read_members_only(user):
        posts = posts.filter(thread__visibility=Thread.Visibility.PUBLIC)
    if not people.is_moderator(user):
        posts = posts.filter(state=Post.State.VISIBLE)
    return posts


def search_posts(user, query: str, filters: Filters | None = None) -> QuerySet:
    """Matching posts this person may see, newest first (an empty queryset for an empty query)."""
    clauses = query_clauses(query)
    if not clauses:
        return Post.objects.none()
    filters = filters or Filters()
    posts = searchable_posts(user).filter(_matching(clauses))
    if filters.area:
        posts = posts.filter(thread__area_links__tag__slug=filters.area)
    if filters.organization:
        posts = posts.filter(
            Q(on_behalf_of__slug=filters.organization) | Q(thread__on_behalf_of__slug=filters.organization)
        )
    if filters.kind:
        posts = posts.filter(thread__kind=filters.kind)
    if filters.author:
        posts = posts.filter(author__handle=filters.author.lower())
    if filters.tag:
        posts = posts.filter(thread__tag_links__tag__slug=tag_slug(filters.tag))
    if filters.thread:
        posts = posts.filter(thread_id=filters.thread)
    if filters.since:
        posts = posts.filter(created_at__date__gte=filters.since)
    if filters.until:
        posts = posts.filter(created_at__date__lte=filters.until)
    return posts.select_related("thread", "author", "on_behalf_of").order_by("-created_at", "-pk")


def search_page(user, query: str, filters: Filters | None = None, *, page: int = 1):
    """One page of results, each post with `snippet` and `title_html` highlighted (2 queries)."""
    terms = query_terms(query)
    results = Paginator(search_posts(user, query, filters), PAGE_SIZE).get_page(page)
    for post in results.object_list:
        post.title_html = highlight(post.thread.title, terms, whole=True)
        post.snippet = highlight(plain_text(post.body_html), terms)
    return results


# --- snippets -----------------------------------------------------------------------------------

_CHUNK = re.compile(r"[^\s.,;:!?()\[\]{}«»\"'`،؛؟<>/\\|*#=+~^-]+")


def _chunk_matches(chunk: str, terms: set[str]) -> bool:
    found = set(tokens(chunk))
    if ZWNJ in chunk:
        found.update(tokens(chunk.replace(ZWNJ, "")))
    found.update(affixes.forms(list(found)))
    return bool(found & terms)


def highlight(text: str, terms: list[str], *, whole: bool = False) -> SafeString:
    """The text (or, unless `whole`, a window around its first match) escaped, matches in <mark>."""
    text = " ".join((text or "").split())
    wanted = set(terms)
    marks = [m.span() for m in _CHUNK.finditer(text) if _chunk_matches(m.group(), wanted)]
    start, end = 0, len(text)
    if not whole and len(text) > SNIPPET:
        first = marks[0][0] if marks else 0
        start = max(0, first - SNIPPET // 3)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < first else start
        end = min(len(text), start + SNIPPET)
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > max(start, marks[0][1] if marks else start) else end
    out, cursor = [], start
    for mark_start, mark_end in marks:
        if mark_end <= start or mark_start >= end:
            continue
        mark_start, mark_end = max(mark_start, start), min(mark_end, end)
        out.append(escape(text[cursor:mark_start]))
        out.append(format_html("<mark>{}</mark>", text[mark_start:mark_end]))
        cursor = mark_end
    out.append(escape(text[cursor:end]))
    if start > 0:
        out.insert(0, "… ")
    if end < len(text):
        out.append(" …")
    return format_html_join("", "{}", ((piece,) for piece in out))  # every piece escaped above
