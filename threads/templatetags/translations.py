"""Which text of a post the reader sees: its translation into their language, or the original."""

from django import template

from threads.translations import access, queries

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


@register.filter
def may_translate(user, post) -> bool:
    return access.may_offer_translation(user, post)


@register.filter
def suspended_from_translating(person) -> bool:
    return access.is_suspended_from_translating(person)
