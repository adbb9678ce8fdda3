"""Persian-aware text helpers: one place for letter forms, digits and alphabetical order."""

import re
import unicodedata

from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils import translation

# Arabic letter forms people type on Arabic keyboards, stored as their Persian forms.
ARABIC_TO_PERSIAN = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ە": "ه"})

PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC_INDIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹")
TO_LATIN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")

ZWNJ = "\u200c"

# The Persian alphabet in order; آ sorts as ا at the first level and after it at the second.
PERSIAN_ALPHABET = "اآبپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
_BASE_RANK = {letter: index for index, letter in enumerate("ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی")}
_BASE_RANK["آ"] = _BASE_RANK["ا"]
_BASE_RANK["أ"] = _BASE_RANK["ا"]
_BASE_RANK["إ"] = _BASE_RANK["ا"]
_BASE_RANK["ؤ"] = _BASE_RANK["و"]
_BASE_RANK["ۀ"] = _BASE_RANK["ه"]
_BASE_RANK["ة"] = _BASE_RANK["ه"]
_BASE_RANK["ئ"] = _BASE_RANK["ی"]
_BASE_RANK["ء"] = -1


def normalize_persian(text: str) -> str:
    """Store Arabic letter forms as Persian ones and Arabic-Indic digits as Persian digits."""
    if not text:
        return text
    return unicodedata.normalize("NFC", text).translate(ARABIC_TO_PERSIAN).translate(ARABIC_INDIC_DIGITS)


def persian_digits(value) -> str:
    return str(value).translate(PERSIAN_DIGITS)


def latin_digits(value) -> str:
    return str(value).translate(TO_LATIN_DIGITS)


def _char_key(char: str) -> tuple[int, int, str]:
    """(script group, primary rank, tie-breaker): spaces and ZWNJ first, then Persian letters, then the rest."""
    if char in (" ", ZWNJ, "-", "–", "_"):
        return (0, 0, " ")
    char = char.translate(ARABIC_TO_PERSIAN)
    if char in _BASE_RANK:
        return (1, _BASE_RANK[char], "")
    if char.isdigit():
        return (0, 1 + int(latin_digits(char)) if latin_digits(char).isdigit() else 1, "")
    folded = unicodedata.normalize("NFKD", char.casefold())
    return (2, 0, folded)


def persian_sort_key(text: str) -> tuple:
    """Persian alphabetical order (not code-point order); Latin text sorts after, case-insensitively.

    ZWNJ and spaces separate words, so they sort before any letter; آ sorts with ا and only
    after it when the words are otherwise equal.
    """
    text = unicodedata.normalize("NFC", text.strip())
    primary = tuple(_char_key(c) for c in text if unicodedata.category(c) not in ("Mn", "Cf") or c == ZWNJ)
    secondary = tuple(1 if c == "آ" else 0 for c in text)
    return (primary, secondary, text)


def english_sort_key(text: str) -> tuple:
    folded = unicodedata.normalize("NFKD", text.strip().casefold())
    return ("".join(c for c in folded if not unicodedata.combining(c)), text)


def sort_key_for_language(language: str | None):
    return english_sort_key if (language or "fa").startswith("en") else persian_sort_key


def sorted_by_name(items, name=lambda item: item.name, language: str | None = None):
    """Sort a small list by name in the reader's language (Persian order in Persian)."""

    key = sort_key_for_language(language or get_language())
    return sorted(items, key=lambda item: key(name(item)))


def lazy_percent(message, **values):
    """A lazily translated message with %(name)s values, translated when shown, not at import."""

    return lazy(lambda: reader_digits(str(message) % values), str)()


def reader_digits(text: str) -> str:
    """Interface text (never a person's) in the reader's digits: Persian digits in Persian."""
    return persian_digits(text) if (translation.get_language() or "").startswith("fa") else text


# --- search folding (threads/following/search.py): index and query are folded the same way -----------------
# A small explicit table rather than hazm/parsivar: those pull NLP stacks (nltk, crfsuite, a model
# hub client) and still fold neither ZWNJ nor Arabic-Indic digits the way a search index needs.

SEARCH_FOLD = str.maketrans(
    {
        "ي": "ی", "ى": "ی", "ئ": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "ە": "ه", "ۃ": "ه",
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و",
        **{d: str(i) for i, d in enumerate("۰۱۲۳۴۵۶۷۸۹")},
        **{d: str(i) for i, d in enumerate("٠١٢٣٤٥٦٧٨٩")},
        "ـ": None,  # kashida (tatweel)
        "\u200d": None, "\u200e": None, "\u200f": None, "\ufeff": None, "\u00ad": None,
        ZWNJ: " ",
    }
)


def fold_for_search(text: str) -> str:
    """Text as the search index sees it: Arabic letter forms as Persian ones (ي→ی, ك→ک, ة/ۀ→ه,
    أ/إ/آ→ا), Persian and Arabic-Indic digits as Latin ones, no diacritics (fatha … sukun, hamza
    above, Latin accents), no kashida, ZWNJ as a space, case folded. Presentation forms and
    full-width letters are unfolded by NFKD first."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.translate(SEARCH_FOLD).casefold()


_TAGS = re.compile(r"<[^>]*>")
_ARABIC_SCRIPT = re.compile(r"[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")  # letters, not digits
_LATIN_LETTERS = re.compile(r"[A-Za-z\u00c0-\u024f]")


def guess_language(text: str, *, sample: int = 2000) -> str:
    """"fa" or "en" by the script most of the letters are in ("" when there are none): lang= on a
    person's text lets a screen reader read a Persian post in a Persian voice on an English page,
    and the other way round. Markup is ignored; only the first `sample` characters are looked at."""
    text = _TAGS.sub(" ", (text or "")[:sample])
    persian, latin = len(_ARABIC_SCRIPT.findall(text)), len(_LATIN_LETTERS.findall(text))
    if not persian and not latin:
        return ""
    return "fa" if persian >= latin else "en"


def has_letters_of(text: str, language: str) -> bool:
    """Whether the text holds at least one letter of the language's script (Arabic script for "fa",
    Latin for "en"): a text with none cannot be written in that language, whatever else it holds."""
    pattern = _ARABIC_SCRIPT if language == "fa" else _LATIN_LETTERS
    return bool(pattern.search(_TAGS.sub(" ", text or "")))
