"""Which text of a post (or a position, ledger point, summary, gathering) the reader sees: its
translation into their language, or the original."""

from django import template

from threads.translations import access, queries, targets

register = template.Library()


@register.simple_tag(takes_context=True)
def post_translation(context, post) -> dict:
    """{shown, available, hidden, original_url, translated_url, original_language} for one post;
    no query when the page attached the translations (threads.translations.queries.attach)."""
    translations = queries.translations_of(post)
    available = access.shown_translation(post, translations)
    request = context.get("request")
    wants_original = bool(request is not None and request.GET.get("original") == str(post.pk))
    page = request.GET.get("page", "") if request is not None else ""
    prefix = f"?page={page}&" if page.isdigit() else "?"
    return {
        "shown": None if wants_original else available,
        "available": available,
        "hidden": [t for t in translations if not t.is_visible],
        "all": translations,
        "original_language": access.original_language(post) if translations else "",
        "original_url": f"{prefix}original={post.pk}#post-{post.pk}",
        "translated_url": (f"?page={page}" if page.isdigit() else "?") + f"#post-{post.pk}",
    }


@register.simple_tag(takes_context=True)
def text_translation(context, target, anchor: str = "") -> dict:
    """{shown, available, hidden, kind, original_url, translated_url} for a position, ledger point,
    summary or gathering; no query when the page attached the translations
    (threads.translations.queries.attach_all). `?original=<kind>-<id>` shows the original instead
    (the no-JavaScript switch)."""
    kind = targets.kind_of(target).name
    if not anchor and kind == "point":
        anchor = f"point-{target.number}"
    translations = queries.translations_of(target)
    available = access.shown_translation(target, translations)
    request = context.get("request")
    key = f"{kind}-{target.pk}"
    wants_original = bool(request is not None and request.GET.get("original") == key)
    fragment = f"#{anchor}" if anchor else ""
    return {
        "shown": None if wants_original else available,
        "available": available,
        "hidden": [t for t in translations if not t.is_visible],
        "kind": kind,
        "original_url": f"?original={key}{fragment}",
        "translated_url": f"?{fragment}",
    }


@register.simple_tag
def quote_translation(target, revision=None) -> dict:
    """{shown, outdated, author_id} for a ledger point or a position quoted by a debate reply: its
    visible translation in the reader's language when it translates what was quoted (a position's
    quoted `revision`, or the current one, marked outdated); no query when the page attached the
    translations (threads.core.views: in the one query of the posts' translations)."""
    shown = access.shown_translation(target, queries.translations_of(target))
    outdated = bool(shown and shown.is_outdated)
    if shown is not None and revision is not None:
        if shown.based_on_revision == revision:
            outdated = False  # it translates exactly the version quoted
        elif revision != targets.kind_of(target).revision(target):
            shown = None  # a translation of another version would misquote this one
    author_id = getattr(target, "proposed_by_id", None)
    return {"shown": shown, "outdated": outdated, "author_id": author_id}


@register.filter
def original_language(target) -> str:
    return access.original_language(target)


@register.filter
def may_translate(user, post) -> bool:
    return access.may_offer_translation(user, post)


@register.filter
def suspended_from_translating(person) -> bool:
    return access.is_suspended_from_translating(person)
