"""The sanitizer seam (issue 10, property 8): forum.markup is the only path from user Markdown to
HTML, and the nh3 sanitizer kept beside it (forum/markup_nh3.py) holds against the same corpus, so
replacing bleach is a one-file change that is always ready."""

import re
from pathlib import Path

import pytest

from tests.security.hostile import CORPUS, assert_safe_fragment, parse
from forum import markup
from forum import markup_nh3
from threads.following import search

ROOT = Path(__file__).resolve().parents[2]
APPS = ("forum", "accounts", "threads")
SANITIZER_MODULES = {"forum/markup.py", "forum/markup_nh3.py"}
# format_html with no user text: the <time> element of the `when` filter (dates only), and search's
# highlight, which escapes every piece of the snippet itself (tested below with the corpus).
FORMAT_HTML_ALLOWED = {
    "threads/templatetags/hamgami.py", "threads/following/search.py",
    "threads/templatetags/post_controls.py",  # labels, ids and an escaped address; no user text
    "threads/templatetags/post_fragments.py",  # the same Edit/Translate links the template had; no user text
    "threads/templatetags/post_reader.py",  # the reader's CSRF input, once a page for every post's forms; no user text
}
# mark_safe on what users did not write: allauth's TOTP QR code SVG (see tests/core/test_markup.py),
# and the Flag/Moderate controls (translated labels; tests/moderation/test_post_controls.py); a
# post's kept pieces, which are the template engine's own escaped output joined with escaped slots
# (tests/core/test_post_fragments.py proves the page identical to the template's); the form layout,
# every value through the template engine's escaping as `_form.html` had it, and the form renderer,
# which marks nothing safe but asks SafeData as Django's stringformat filter does (issue 16;
# tests/core/test_form_renderer.py proves both identical to the templates they replaced).
MARK_SAFE_ALLOWED = {
    "accounts/templatetags/account_extras.py", "threads/templatetags/post_controls.py", "threads/templatetags/post_fragments.py",
    "threads/templatetags/form_html.py", "forum/form_renderer.py",
}


def python_sources():
    for folder in APPS:
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")


@pytest.fixture(params=["bleach", "nh3"])
def sanitizer(request, monkeypatch):
    """render_markdown with each sanitizer in turn: the seam is `forum.markup.sanitize`."""
    if request.param == "nh3":
        monkeypatch.setattr(markup, "sanitize", markup_nh3.sanitize)
    return request.param


def test_the_corpus_is_big_enough_and_credited():
    assert len(CORPUS) >= 150
    header = (ROOT / "tests/security/xss_corpus.txt").read_text(encoding="utf-8")[:3000]
    assert "PayloadsAllTheThings" in header and "MIT License" in header


def test_every_corpus_input_renders_safe(sanitizer):
    for source in CORPUS:
        assert_safe_fragment(markup.render_markdown(source), f"{sanitizer}: {source!r}")


def test_every_corpus_input_as_raw_html_is_sanitized(sanitizer):
    for source in CORPUS:
        assert_safe_fragment(markup.sanitize(source), f"{sanitizer}: {source!r}")


@pytest.mark.parametrize(
    "source",
    [
        "**bold** and *italic*",
        "- one\n- two",
        "3. three\n4. four",
        "> we agree\n> on this",
        "`a < b && c`",
        "```\nif a < b && c > d:\n    x = '&amp;'\n```",
        "# Heading\n\n## Sub",
        "همگامی **حول اشتراکات**",
        "| org | stance |\n|:---|---:|\n| A | agree |",
        "[site](https://example.org/path?a=1&b=2)",
        "![banner](https://other.example/banner.png)",
    ],
)
def test_both_sanitizers_render_ordinary_markdown_alike(monkeypatch, source):
    with_bleach = markup.render_markdown(source)
    monkeypatch.setattr(markup, "sanitize", markup_nh3.sanitize)
    with_nh3 = markup.render_markdown(source)
    assert with_nh3 == with_bleach


def test_nh3_links_get_rel_and_keep_only_the_allow_list():
    out = markup_nh3.sanitize('<a href="https://example.org" rel="opener" title="t" id="x" class="c">x</a><p title="t">p</p>')
    assert out == f'<a href="https://example.org" title="t" rel="{markup.LINK_REL}">x</a><p>p</p>'
    # a script link keeps its text and loses its href, as with bleach (nh3 also adds a harmless rel)
    assert "href" not in markup_nh3.sanitize('<a href="javascript:alert(1)">x</a>')


def test_only_the_markup_modules_import_a_markdown_or_html_sanitizer_library():
    offenders = []
    for name, source in python_sources():
        if name in SANITIZER_MODULES:
            continue
        if re.search(r"^\s*(import|from)\s+(bleach|markdown|nh3|html5lib|lxml)\b", source, re.M):
            offenders.append(name)
    assert offenders == []


def test_user_text_becomes_html_only_through_render_markdown():
    """Every *_html value is filled by render_markdown, copied from one that was, or is search's
    escaping highlight (tested below)."""
    offenders = []
    for name, source in python_sources():
        if name in SANITIZER_MODULES or name.startswith("threads/demo") or "/management/" in name:
            continue
        for match in re.finditer(r"(\w+_html)\s*=\s*([^,\n)]+)", source):
            value = match.group(2).strip()
            # render_with_mentions (threads/mentions.py) is render_markdown with the @names looked up.
            if value.startswith(("models.", "html", '""', "''")) or value.endswith("_html") or "render_markdown(" in value or "render_with_mentions(" in value or value.startswith("highlight("):
                continue
            offenders.append(f"{name}: {match.group(0)}")
    assert offenders == []


def test_python_builds_no_markup_from_user_text_outside_the_seam():
    offenders = []
    for name, source in python_sources():
        if re.search(r"\bformat_html(_join)?\(", source) and name not in FORMAT_HTML_ALLOWED:
            offenders.append(f"{name}: format_html")
        if re.search(r"\bmark_safe\(|\bSafeString\(|\bSafeText\(|\bSafeData\b", source) and name not in MARK_SAFE_ALLOWED | {"threads/following/search.py"}:
            offenders.append(f"{name}: mark_safe/SafeString")
        if re.search(r"\bsafe\s*=\s*True|\bis_safe\s*=\s*True|autoescape\s*=\s*False", source):
            offenders.append(f"{name}: safe/autoescape flag")
    assert offenders == []


def test_templates_turn_off_escaping_only_for_rendered_html():
    offenders = []
    for path in (ROOT / "templates").rglob("*"):
        if path.suffix not in (".html", ".txt", ".xml", ".ics") or not path.is_file():
            continue
        source = path.read_text(encoding="utf-8")
        rel = path.relative_to(ROOT).as_posix()
        # Plain-text emails are sent as text/plain only (no HTML part: tests/security/test_xss.py)
        if re.search(r"{%\s*autoescape\s+off\s*%}", source) and not (rel.startswith("templates/") and rel.endswith(".txt")):
            offenders.append(f"{rel}: autoescape off")
        for match in re.finditer(r"{{\s*([^}|]+?)\s*((?:\|[^}|]+)*)}}", source):
            variable, filters = match.group(1).strip(), match.group(2)
            if re.search(r"\|\s*(safe|safeseq)\b", filters) and not (variable.endswith("_html") or variable == "preview"):
                offenders.append(f"{rel}: {match.group(0)}")
    assert offenders == []


def test_search_highlight_escapes_every_corpus_input():
    for source in CORPUS:
        snippet = search.highlight(source, ["alert", "script", "javascript"])
        for tag, attrs in parse(str(snippet)).elements:
            assert tag == "mark" and not attrs, f"{source!r} -> {snippet!r}"
