"""Each post's HTML rendered once and kept, the thread page assembled from the kept pieces (issue 16).

Templates were ~60 % of a thread page's worker time, `core/_post.html` ~0.35 ms a post. Most of a
post's HTML is the same for every reader of one language; what differs per reader (the relative
time, Edit, Translate, Flag and Moderate, "flag the translation") are *slots*: `{% post_slot %}`
computes one in Python when the template renders normally (live events, moderators, the fallback),
and leaves a marker when the template renders for keeping. The page then joins the kept pieces
with the slots computed for this reader, so it never renders a post per reader per view. What a
slot asks of the reader alone (may they offer a translation, do they moderate, their CSRF input)
is asked once per page (threads/templatetags/post_reader.py); the time's tag and date, the same
for every reader in one zone, are kept with the piece (`_Times`), only the words ("3 minutes
ago") made per view.

The kept pieces are found by *what they show*, not by a version that actions bump: the key holds
every value the reader-independent part of the template reads (post state, whether it was
corrected for privacy, body, author and translator names and handles, the shown translation, the
quote, the reply's author, the page's language, ...). An edit, a hide, a translation, a
redaction or a rename changes the key, so there is nothing to invalidate and no action to forget;
an old piece just ages out of the per-process store. Moderators (their page shows hidden translations and forms in the body) get the template
every time. The equivalence is tested for every reader kind, language and time zone in
tests/core/test_post_fragments.py.
"""

import hashlib
import threading

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from threads.templatetags.hamgami import recent, relative, time_tag, when
from threads.templatetags import post_reader
from threads.templatetags.post_controls import post_controls
from threads.templatetags.translations import quote_translation
from threads.translations import access as translation_access
from threads.translations import queries as translation_queries

register = template.Library()

MARK = "\x00\ufdd0slot\x00"  # never in escaped text or sanitized HTML; a piece holding it is not kept
_SENTINEL = 987654321
_patterns: dict[str, str] = {}
_store: dict[tuple[int, bytes], tuple[tuple[str, ...], tuple]] = {}
_lock = threading.Lock()


def _url(name: str, pk: int) -> str:
    pattern = _patterns.get(name)
    if pattern is None:
        pattern = _patterns[name] = reverse(name, args=[_SENTINEL])
    return pattern.replace(str(_SENTINEL), str(pk))


def _when(context, times=None):
    """The post's <time>: rendered whole, or on a kept piece its tag from the piece and the words now."""
    if times is None:
        return when(context["post"].created_at)
    return times.html()


class _Times:
    """The kept part of a post's <time>: its opening tag (ISO time, the date on hover, in the reader's
    calendar, digits and zone) and, past 30 days, the date it shows, formatted once per time zone.
    The piece is one language's (the language is in its key); the zone is each reader's (their
    profile, else their browser's), so the tag is kept per zone here rather than in the key: the
    pieces are not multiplied by the zones a coalition reads from. A few zones a piece at most
    (a client names its zone in a cookie)."""

    __slots__ = ("created_at", "by_zone")
    ZONES = 8

    def __init__(self, created_at):
        self.created_at, self.by_zone = created_at, {}

    def html(self) -> str:
        zone = timezone.get_current_timezone()
        kept = self.by_zone.get(zone)
        if kept is None:
            if len(self.by_zone) >= self.ZONES:
                self.by_zone = {}
            kept = self.by_zone[zone] = [time_tag(self.created_at), None]
        words = recent(self.created_at)
        if words is None:  # a month on, relative() shows the date: the same from then on
            words = kept[1]
            if words is None:
                words = kept[1] = relative(self.created_at)
        return mark_safe(kept[0] + conditional_escape(words) + "</time>")  # noqa: S308 - the tag built by format_html, the words escaped


def _edit(context):
    """As the template had it: the author's or a moderator's link; in a live event, hidden for the page to show."""
    post, reader = context["post"], post_reader.reader(context)
    if (reader.signed_in and reader.pk == post.author_id) or reader.is_moderator:
        return format_html('<a href="{}" class="edit-link">{}</a>', _url("post_edit", post.pk), gettext("Edit"))
    if reader.live and reader.audience == "member":
        return format_html('<a href="{}" class="edit-link" data-own-only hidden>{}</a>', _url("post_edit", post.pk), gettext("Edit"))
    return ""


def _translate(context):
    post, reader = context["post"], post_reader.reader(context)
    visible = post.state == "visible"
    if context.get("show_body") and visible and reader.offers_translation(post):
        return format_html('<a href="{}" class="translate-link">{}</a>', _url("post_translate", post.pk), gettext("Translate"))
    if reader.live and reader.audience == "member" and visible:
        return format_html(
            '<a href="{}" class="translate-link" data-translators-only hidden>{}</a>', _url("post_translate", post.pk), gettext("Translate")
        )
    return ""


def _flag_translation(context, shown):
    reader = post_reader.reader(context)
    if (reader.signed_in and reader.pk != shown.translator_id) or (not reader.user and reader.audience == "member"):
        return format_html(
            ' · <a href="{}" class="flag-translation">{}</a>', _url("translation_flag", shown.pk), gettext("flag the translation")
        )
    return ""


class _Shown:
    """What the "flag the translation" slot needs of the shown translation (both are in the key)."""

    __slots__ = ("pk", "translator_id")

    def __init__(self, shown):
        self.pk, self.translator_id = shown.pk, shown.translator_id


_SLOTS = {"when": _when, "edit": _edit, "translate": _translate, "controls": post_controls, "flag_translation": _flag_translation}
_CAPTURE = {"when": lambda context: (_Times(context["post"].created_at),), "flag_translation": lambda context, shown: (_Shown(shown),)}


@register.simple_tag(takes_context=True)
def post_slot(context, name, *args):
    """One per-reader part of a post: computed now, or marked when the post renders for keeping."""
    slots = context.get("post_fragment_slots")
    if slots is not None:
        capture = _CAPTURE.get(name)
        slots.append((name, capture(context, *args) if capture else args))
        return mark_safe(MARK)  # noqa: S308 - a constant
    return _SLOTS[name](context, *args)


def _person(person):
    if person is None:
        return None
    return (person.pk, person.public_name, person.handle, person.is_deleted)


def _quoted(tr: dict, texts: list):
    """What core/_post_quote.html shows of a quoted point's or position's translation (its text into `texts`)."""
    shown = tr["shown"]
    if not shown:
        return shown
    texts.append(shown.body_source)
    return (shown.pk, _person(shown.translator), tr["outdated"], tr["author_id"])


class _Page:
    """What the key and the choice to keep ask of the page, not of a post: asked once per page.
    Moderators' pages, and those of whoever moderates the thread's texts (a debate's chair, its
    areas' moderators), show hidden translations and forms inside the body: rendered every time."""

    __slots__ = ("kept", "language", "page", "original")

    def __init__(self, context):
        self.kept = (
            bool(settings.HAMGAMI["POST_FRAGMENTS"]) and not context.get("viewer_is_moderator")
            and not context.get("moderates_texts") and context.get("audience") != "moderator"
        )
        request = context.get("request")
        page = request.GET.get("page", "") if request is not None else ""
        self.language, self.page = get_language(), page if page.isdigit() else ""
        self.original = request.GET.get("original") if request is not None else None


def _key(post, show_body, page: _Page) -> tuple[int, bytes]:
    """The post and a digest of every value the reader-independent part of core/_post.html (and
    what it includes) reads: any change to what the piece shows is a new key."""
    translations = translation_queries.translations_of(post)
    available = translation_access.shown_translation(post, translations)
    shown = None if page.original == str(post.pk) else available
    organization = post.on_behalf_of if post.on_behalf_of_id else None
    reply = _person(post.reply_to.author) if post.reply_to_id and post.reply_to else None
    point = post.quoted_point if post.quoted_point_id else None
    version = post.quoted_position if post.quoted_position_id else None
    # People's texts go to the digest as they are (repr of a long Persian text cost ~20 µs a post);
    # the values tuple says which of them are there.
    texts = [post.body_source, post.body_html, post.hidden_reason]
    if point:
        texts.append(point.text)
    if version:
        texts.append(version.statement_source)
    if shown:
        texts += (shown.body_source, shown.body_html)
    shown_values = (
        page.language, bool(show_body), post.pk, post.created_at, post.state,
        bool(getattr(post, "is_redacted", False)), post.author_id, _person(post.author),
        organization and (organization.pk, organization.name, organization.slug),
        post.edited_at, post.reply_to_id, reply,
        post.thread_id, post.agreement,
        point and (point.pk, point.number),
        version and (
            version.pk, version.number, version.get_stance_display(),
            version.position.organization.name, version.position.organization.slug,
        ),
        point and _quoted(quote_translation(point), texts),
        version and _quoted(quote_translation(version.position, version.number), texts),
        shown and (shown.pk, shown.translator_id, _person(shown.translator), shown.is_outdated),
        bool(available), page.page,
    )
    # A digest rather than the values themselves: the store then holds each body once, in its piece.
    digest = hashlib.blake2b(repr(shown_values).encode(), digest_size=16)
    for text in texts:  # each text after its length: no two lists of texts give the same bytes
        data = (text or "").encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return (post.pk, digest.digest())


def _keep(key, pieces_and_slots) -> None:
    limit = settings.HAMGAMI["POST_FRAGMENTS"]
    with _lock:
        while len(_store) >= limit:
            _store.pop(next(iter(_store)))
        _store[key] = pieces_and_slots


def kept() -> int:
    """How many pieces this process keeps (tests)."""
    return len(_store)


def clear() -> None:
    """Forget every kept piece (tests; a deploy starts new processes anyway)."""
    with _lock:
        _store.clear()


def _render(context, post, show_body) -> str:
    post_template = context.template.engine.get_template("core/_post.html")
    with context.push(post=post, show_body=show_body):
        return post_template.render(context)


@register.simple_tag(takes_context=True)
def post_html(context, post):
    """`{% include "core/_post.html" with show_body=post.show_body %}`, from kept pieces where it may."""
    show_body = post.show_body
    page = post_reader.once_per_render(context, _Page)
    if not page.kept:
        return _render(context, post, show_body)
    key = _key(post, show_body, page)
    kept = _store.get(key)
    if kept is None:
        slots: list = []
        fresh = template.Context(
            {"post": post, "show_body": show_body, "request": context.get("request"), "post_fragment_slots": slots},
            autoescape=context.autoescape,
        )
        post_template = context.template.engine.get_template("core/_post.html")
        pieces = tuple(post_template.render(fresh).split(MARK))
        if len(pieces) != len(slots) + 1:  # a marker inside someone's text: never kept, rendered as ever
            return _render(context, post, show_body)
        kept = (pieces, tuple(slots))
        _keep(key, kept)
    pieces, slots = kept
    parts = [pieces[0]]
    with context.push(post=post, show_body=show_body):
        for (name, args), piece in zip(slots, pieces[1:], strict=True):
            parts.append(conditional_escape(_SLOTS[name](context, *args)))
            parts.append(piece)
    return mark_safe("".join(parts))  # noqa: S308 - pieces rendered by the template engine, slots escaped
