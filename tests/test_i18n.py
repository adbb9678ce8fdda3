"""Persian first: every interface string translatable, and the Persian catalogue complete."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DIRS = [ROOT / "templates"]
# Words that are the same in every language: the language switch shows each language's own name.
ALLOWED_LITERALS = {"English", "فارسی"}
TAG = re.compile(r"<[^>]*>")
LETTERS = re.compile(r"[^\W\d_]{2,}")
TRANSLATE_TAG = re.compile(r"""{%\s*translate\s+(?:"([^"]+)"|'([^']+)')""")
ATTRIBUTE_TEXT = re.compile(r'\b(?:aria-label|title|placeholder|alt)="([^"]*)"')


def _templates():
    for directory in TEMPLATE_DIRS:
        yield from sorted(directory.rglob("*.html"))


BLOCKTRANSLATE = re.compile(r"{%\s*blocktrans(?:late)?\b.*?{%\s*endblocktrans(?:late)?\s*%}", re.S)
TEMPLATE_SYNTAX = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.S)
COMMENT_BLOCK = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S)
HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1>", re.S)


def untranslated_text(source: str) -> list[str]:
    """Literal text a reader would see (text between tags, labels in attributes) outside translation tags."""
    source = COMMENT_BLOCK.sub(" ", source)
    source = BLOCKTRANSLATE.sub(" § ", source)
    source = TEMPLATE_SYNTAX.sub(" § ", source)
    source = HTML_COMMENT.sub(" ", source)
    source = SCRIPT_OR_STYLE.sub(" ", source)
    found = [v.strip() for v in ATTRIBUTE_TEXT.findall(source) if LETTERS.search(v) and v.strip() not in ALLOWED_LITERALS]
    text = TAG.sub("\n", source)
    for chunk in text.split("\n"):
        chunk = chunk.replace("§", " ").strip()
        if chunk and LETTERS.search(chunk) and chunk not in ALLOWED_LITERALS:
            found.append(chunk)
    return found


@pytest.mark.parametrize("path", list(_templates()), ids=lambda p: str(p.relative_to(ROOT)))
def test_template_text_is_translatable(path):
    assert untranslated_text(path.read_text(encoding="utf-8")) == []


def test_the_check_finds_literal_text():
    assert untranslated_text("<p>Hello there</p>") == ["Hello there"]
    assert untranslated_text('<a title="Go home">{% translate "x" %}</a>') == ["Go home"]
    assert untranslated_text("{% blocktranslate %}Hello{% endblocktranslate %}") == []


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="msgfmt (GNU gettext) is not installed")
def test_persian_catalogue_is_complete():
    po = ROOT / "locale" / "fa" / "LC_MESSAGES" / "django.po"
    assert po.exists(), "run: python manage.py makemessages -l fa"
    result = subprocess.run(
        ["msgfmt", "--statistics", "--check-format", "-o", "/dev/null", str(po)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


def test_persian_catalogue_is_up_to_date():
    """Every string the templates translate has a Persian translation in the compiled catalogue."""
    import gettext

    with open(ROOT / "locale" / "fa" / "LC_MESSAGES" / "django.mo", "rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog
    # Keys are "msgid", (msgid, plural index) for plurals, with "context\x04" before msgids that have a context.
    ids = {(key if isinstance(key, str) else key[0]).split("\x04")[-1] for key in catalog}
    missing = []
    for path in _templates():
        for match in TRANSLATE_TAG.finditer(path.read_text(encoding="utf-8")):
            msgid = match.group(1) or match.group(2)
            # makemessages doubles a literal % in {% translate %} strings that contain %(…)s.
            if msgid not in ids and msgid.replace("%", "%%") not in ids:
                missing.append(f"{path.relative_to(ROOT)}: {msgid}")
    assert missing == []


def test_pages_speak_persian_by_default_and_english_on_request(client, db):
    fa = client.get("/")
    assert b'<html lang="fa" dir="rtl">' in fa.content
    assert "همکاری".encode() in fa.content
    client.cookies["hamgami_language"] = "en"
    en = client.get("/")
    assert b'<html lang="en" dir="ltr">' in en.content
    assert b"Cooperation areas" in en.content


def test_accept_language_is_honoured_when_no_choice_is_remembered(client, db):
    response = client.get("/", headers={"accept-language": "en-US,en;q=0.9"})
    assert b'lang="en"' in response.content


def test_language_switch_is_remembered(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/orgs/"})
    assert response.status_code == 302 and response["Location"] == "/orgs/"
    assert b'lang="en"' in client.get("/orgs/").content
