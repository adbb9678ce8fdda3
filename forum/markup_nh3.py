"""The same allow-list as forum/markup.py, sanitized by nh3 (ammonia, maintained) instead of bleach.

Kept ready so the switch from bleach (no longer maintained) is one change, in forum/markup.py:
replace the body of `sanitize` with `return markup_nh3.sanitize(html)` (and move nh3 from the dev
extras to the dependencies). tests/security/test_sanitizer_seam.py runs the whole XSS corpus and the
ordinary Markdown cases through render_markdown with this sanitizer, so it is always known to hold.

Known differences from the bleach sanitizer, none of them a safety difference:
- a disallowed element is removed (its text kept; script and style contents dropped) rather than
  shown as the text the person typed;
- bare URLs in text are not turned into links (Markdown's <https://…> and [text](url) still are).
"""

import re

import nh3

from forum.markup import ALLOWED_ATTRIBUTES, ALLOWED_PROTOCOLS, ALLOWED_TAGS, LINK_REL

_ATTRIBUTES = {tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()}
# A scheme hidden behind blanks or invisible characters ("java\tscript:", "\u200bjavascript:") is
# dropped too, as the bleach sanitizer drops it, rather than trusting every browser's URL parser.
_HIDDEN_SCHEME = re.compile(r"^[a-z0-9+.\-]+:", re.I)
_INVISIBLE = re.compile(r"[\x00-\x20\u2028\u2029\u200b-\u200f\ufeff]")


def _keep(tag: str, name: str, value: str) -> str | None:
    """Only the allow-list's attributes (ammonia would also keep lang and title everywhere)."""
    if tag == "a" and name == "rel":
        return LINK_REL
    if name not in _ATTRIBUTES.get(tag, ()):
        return None
    if name == "href":
        squeezed = _INVISIBLE.sub("", value)
        match = _HIDDEN_SCHEME.match(squeezed)
        if match and match.group(0)[:-1].lower() not in ALLOWED_PROTOCOLS:
            return None
    return value


def sanitize(html: str) -> str:
    """Keep only the allow-list of forum.markup; links get rel="nofollow ugc noopener noreferrer"."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes=_ATTRIBUTES,
        attribute_filter=_keep,
        url_schemes=set(ALLOWED_PROTOCOLS),
        link_rel=LINK_REL,
        strip_comments=True,
    )
