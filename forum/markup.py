"""Markdown to sanitized HTML: the one path by which user text becomes markup.

Rendered once, when a post is saved. The sanitizer is behind `sanitize()` alone, so replacing
bleach (no longer maintained) with nh3 is a change to this file only.
"""

import re
from functools import partial
from html.parser import HTMLParser
from urllib.parse import urlsplit

import bleach
import markdown
from bleach.linkifier import LinkifyFilter
from django.utils.html import escape

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "strong", "em", "b", "i", "del", "s", "sub", "sup",
        "blockquote", "code", "pre", "ul", "ol", "li", "a",
        "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
    }
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title"], "th": ["align"], "td": ["align"], "ol": ["start"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener noreferrer"

_MARKDOWN_EXTENSIONS = ["markdown.extensions.tables", "markdown.extensions.fenced_code", "markdown.extensions.sane_lists"]


# Page headings are h1 (the page) and h2 (its sections); a post's "# Heading" starts at h3.
_HEADING_SHIFT = {"h1": "h3", "h2": "h4", "h3": "h5", "h4": "h6", "h5": "h6", "h6": "h6"}
_HEADING = re.compile(r"<h([1-6])\b", re.IGNORECASE)


def _heading_levels(html: str) -> dict[str, str]:
    """The text's heading levels, from its highest, as h3, h4, h5, h6 with none skipped: a summary
    that opens with "## " sits right under the page's h2 rather than skipping to h4 (issue 18)."""
    levels = sorted({int(level) for level in _HEADING.findall(html)})
    shift = dict(_HEADING_SHIFT)
    shift.update({f"h{level}": f"h{min(6, 3 + index)}" for index, level in enumerate(levels)})
    return shift


def _images_as_links(html: str) -> str:
    """Turn every <img> into a link to its source, so no page loads an image from another site.

    Also moves headings two levels down (a post sits under the page's h1 and h2), and keeps
    processing instructions and declarations (<?…?>, <!…>) as the text the person typed.
    """

    headings = _heading_levels(html)

    class Rewriter(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=False)
            self.out = []

        def handle_starttag(self, tag, attrs):
            if tag == "img":
                attrs = dict(attrs)
                src = attrs.get("src") or ""
                label = attrs.get("alt") or src
                self.out.append(f'<a href="{escape(src)}">{escape(label)}</a>')
            elif tag in headings:
                self.out.append(f"<{headings[tag]}>")
            else:
                self.out.append(self.get_starttag_text())

        def handle_startendtag(self, tag, attrs):
            self.handle_starttag(tag, attrs)

        def handle_endtag(self, tag):
            self.out.append(f"</{headings.get(tag, tag)}>")

        def handle_data(self, data):
            self.out.append(data)

        def handle_entityref(self, name):
            self.out.append(f"&{name};")

        def handle_charref(self, name):
            self.out.append(f"&#{name};")

        def handle_comment(self, data):
            pass

        def handle_pi(self, data):
            self.out.append(escape(f"<?{data}>"))

        def handle_decl(self, decl):
            self.out.append(escape(f"<!{decl}>"))

        def unknown_decl(self, data):
            self.out.append(escape(f"<![{data}]]>"))

    rewriter = Rewriter()
    rewriter.feed(html)
    rewriter.close()
    return "".join(rewriter.out)


def _set_rel(attrs, new=False):
    href = attrs.get((None, "href"), "")
    if not href or href.startswith("#"):
        return attrs
    scheme = urlsplit(href).scheme.lower()
    if scheme not in ("", "http", "https", "mailto"):
        return None
    attrs[(None, "rel")] = LINK_REL
    return attrs


def sanitize(html: str) -> str:
    """Keep only a small, explicit allow-list; links get rel="nofollow ugc noopener noreferrer"."""
    # One pass (clean and linkify together), so text inside <code> is not escaped twice.
    # A Cleaner per call: bleach's Cleaner is not safe to share between threads.
    cleaner = bleach.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=False,  # a disallowed tag is shown as the text the person typed, never as markup
        strip_comments=True,
        filters=[partial(LinkifyFilter, callbacks=[_set_rel], skip_tags={"pre", "code"}, parse_email=False)],
    )
    return cleaner.clean(html)


# Blocks that take the direction of their own text; the sanitizer lets no `dir` through, so the
# one added here is the only one.
DIRECTED_TAGS = ("p", "li", "blockquote", "h3", "h4", "h5", "h6")
_BLOCK_START = re.compile(r"<(%s)>" % "|".join(DIRECTED_TAGS))


def _blocks_find_their_direction(html: str) -> str:
    """dir="auto" on each paragraph, list item, quote and heading: posts here mix Persian and
    English, and a Persian paragraph after an English one must still read right to left."""
    return _BLOCK_START.sub(r'<\1 dir="auto">', html)


# An @mention in text: the name is a person's handle or an organization's slug (threads/mentions.py).
MENTION_IN_TEXT = re.compile(r"(?<![\w@/&#])@([A-Za-z0-9][A-Za-z0-9_.-]{1,59})")
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_NO_LINKS_INSIDE = ("a", "code", "pre")


def _link_mentions(html: str, mentions: dict[str, str]) -> str:
    """@name in text (not inside a link or code) becomes a link to `mentions[name]`, when known.

    Runs on the sanitizer's output, so the only markup added is this fixed anchor; the name
    matches [A-Za-z0-9_.-] only and the URL comes from the caller's lookup, never from the text."""
    out, inside = [], 0
    for part in _TAG_OR_TEXT.split(html):
        if part.startswith("<"):
            name = part[1:].lstrip("/").split(None, 1)[0].rstrip(">").lower() if len(part) > 2 else ""
            if name in _NO_LINKS_INSIDE:
                inside += -1 if part.startswith("</") else 1
            out.append(part)
        elif inside > 0 or "@" not in part:
            out.append(part)
        else:
            out.append(MENTION_IN_TEXT.sub(lambda m: _mention_link(m, mentions), part))
    return "".join(out)


def _mention_link(match, mentions: dict[str, str]) -> str:
    url = mentions.get(match.group(1).lower().rstrip("."))
    if url is None:
        return match.group(0)
    name = match.group(1)
    trailing = ""
    if name.endswith("."):  # a sentence's full stop is not part of the name
        name, trailing = name.rstrip("."), name[len(name.rstrip(".")):]
    return f'<a href="{escape(url)}">@{name}</a>{trailing}'


def render_markdown(source: str, *, mentions: dict[str, str] | None = None) -> str:
    """The sanitized HTML for a piece of user Markdown; HTML outside the allow-list shows as text.

    `mentions` maps lower-case @names to the addresses they link to (threads/mentions.py looks
    them up); without it mentions stay text."""
    html = markdown.markdown(source, extensions=_MARKDOWN_EXTENSIONS, output_format="html")
    html = sanitize(_images_as_links(html))
    if mentions:
        html = _link_mentions(html, mentions)
    return _blocks_find_their_direction(html)
