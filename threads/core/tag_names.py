"""Tag names as one tag (issue 19): "کارگری", "كارگري", "کار‌گری" and "KARGARI"/"kargari" are
the same tag. Pure functions, no models: used by the action layer, search and the tag pages."""

from django.utils.text import slugify

from forum.text import ZWNJ, fold_for_search, normalize_persian


def tag_slug(name: str) -> str:
    """The key that makes variants one tag: Persian letter forms (ي/ی, ك/ک, …), no ZWNJ, digits,
    diacritics and case folded, spaces as hyphens. Also the tag's address (/tags/<slug>/)."""
    folded = fold_for_search(normalize_persian(name or "").replace(ZWNJ, ""))
    return slugify(" ".join(folded.split()), allow_unicode=True)[:100]


def display_name(name: str) -> str:
    """The name as first written, with Persian letter forms and spacing tidied (kept for display)."""
    return normalize_persian(" ".join((name or "").split())).strip(" #")
