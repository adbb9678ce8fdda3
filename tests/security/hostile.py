"""The hostile corpus (xss_corpus.txt) and the checks made on what the server stores and serves.

Assertions are made on HTML parsed as a browser parses it (attribute values decoded once):

- `assert_safe_fragment`: stored HTML of user text (the *_html fields): only the sanitizer's
  allow-list of elements and attributes, no event handler, no script-capable URL.
- `assert_safe_page`: a whole page. The site's own markup is allowed, so the page is compared
  with the same page holding benign text: the hostile page may not carry a single extra
  script/iframe/object/embed/form/base/meta/style/link/… element, no event-handler attribute
  anywhere, no javascript:/vbscript:/data: URL in any attribute, and no script or resource
  (src, srcset, poster, data, background) from anywhere but the site itself.
"""

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

CORPUS_PATH = Path(__file__).with_name("xss_corpus.txt")
BAD_SCHEMES = re.compile(r"^(javascript|vbscript|data|livescript|file|mhtml)\s*:", re.I)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "poster", "data", "background", "cite",
                  "ping", "xlink:href", "codebase", "dynsrc", "lowsrc", "manifest", "longdesc", "icon"}
LOADING_ATTRIBUTES = {"src", "srcset", "poster", "data", "background", "dynsrc", "lowsrc"}
# Elements that run script, load something, submit, restyle or change the document's meaning.
DANGEROUS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "base", "meta", "style",
    "link", "input", "button", "textarea", "select", "keygen", "isindex", "svg", "math", "img", "image",
    "video", "audio", "source", "picture", "track", "portal", "template", "dialog", "marquee", "details",
    "xmp", "plaintext", "noscript", "body", "html", "head", "title",
}


def load_corpus() -> list[str]:
    inputs = []
    for line in CORPUS_PATH.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("##"):
            continue
        if line.startswith("esc:"):
            line = line[4:].encode("ascii").decode("unicode_escape")  # esc: lines are ASCII
        inputs.append(line)
    return inputs


CORPUS = load_corpus()


def sample(step: int) -> list[str]:
    """Every step-th input (for checks too slow for the whole corpus), always including the first."""
    return CORPUS[::step]


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))
        self._in_script = tag == "script"

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.script_text.append(data)


def parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector


def _squeeze(value: str) -> str:
    """What a browser's URL parser sees at the start: control characters and whitespace dropped."""
    return re.sub(r"[\x00-\x20\u2028\u2029\u200b\ufeff]", "", value)


def _check_attributes(tag: str, attrs: dict, where: str) -> None:
    for name, value in attrs.items():
        assert not name.startswith("on"), f"{where}: event handler {name}= on <{tag}>"
        if name in URL_ATTRIBUTES or name.endswith(":href"):
            for candidate in value.split(",") if name == "srcset" else [value]:
                assert not BAD_SCHEMES.match(_squeeze(candidate)), f"{where}: {name}={value!r} on <{tag}>"
        if name in LOADING_ATTRIBUTES and value:
            assert value.startswith("/") and not value.startswith("//"), f"{where}: <{tag} {name}={value!r}> loads from elsewhere"
        assert name != "style", f"{where}: inline style on <{tag}>"


def assert_safe_fragment(html: str, where: str = "") -> None:
    from forum.markup import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, DIRECTED_TAGS

    for tag, attrs in parse(html).elements:
        assert tag in ALLOWED_TAGS, f"{where}: <{tag}> stored as markup: {html[:300]!r}"
        for name in attrs:
            if name == "dir" and tag in DIRECTED_TAGS and attrs[name] == "auto":
                continue
            assert name in set(ALLOWED_ATTRIBUTES.get(tag, ())) | ({"rel"} if tag == "a" else set()), (
                f"{where}: attribute {name} on <{tag}>: {html[:300]!r}"
            )
        _check_attributes(tag, attrs, where)


def dangerous_counts(html: str) -> Counter:
    return Counter(tag for tag, _ in parse(html).elements if tag in DANGEROUS)


def assert_safe_page(html: str, baseline: Counter, where: str = "") -> None:
    parsed = parse(html)
    for tag, attrs in parsed.elements:
        _check_attributes(tag, attrs, where)
        if tag == "script":
            assert attrs.get("src", "").startswith("/static/"), f"{where}: <script> not from /static/: {attrs}"
        if tag == "link" and "href" in attrs:
            assert attrs["href"].startswith("/") and not attrs["href"].startswith("//"), f"{where}: <link {attrs}>"
    assert not parsed.script_text, f"{where}: inline script {parsed.script_text[:1]}"
    counts = Counter(tag for tag, _ in parsed.elements if tag in DANGEROUS)
    extra = counts - baseline
    assert not extra, f"{where}: elements from user input: {dict(extra)}"
