"""Persian affixes for search: a stem and its common suffixes and prefixes find each other however
they are joined (issue 18). "تشکل‌ها", "تشکل ها" and "تشکلها" are one word to a reader; so are
"می‌کنیم"/"میکنیم" and "همه‌ی"/"همهی".

Works on folded tokens (forum.text.fold_for_search: ZWNJ already a space): `compounds` joins a stem
with the affix tokens written apart from it, `stem` strips the common affixes. The index stores
both beside the plain tokens and a query asks for either, so the same steps run on both sides and
SQLite and PostgreSQL match alike. A small explicit list rather than a stemmer: only the affixes
people write with a ZWNJ, a space or nothing (ها، های، هایی، ی، ای; می، نمی)."""

PREFIXES = ("نمی", "می")
SUFFIXES = ("هایی", "های", "ها", "ای", "ی")  # longest first
MIN_STEM = 2  # letters left after stripping; shorter is not a word worth finding alone


def _persian(token: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in token)


def stem(token: str) -> str:
    """The token without one common prefix and one common suffix (itself when nothing strips)."""
    if not _persian(token):
        return token
    word = token
    for prefix in PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= MIN_STEM + 1:
            word = word[len(prefix):]
            break
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            word = word[: -len(suffix)]
            break
    return word


def compounds(tokens: list[str]) -> list[str]:
    """Words written in pieces, joined: a prefix token with the next one, suffix tokens with the one
    before ("می خواهیم" → "میخواهیم", "تشکل ها" → "تشکلها"); only the joined words, not the pieces."""
    joined, i = [], 0
    while i < len(tokens):
        start = i
        word = tokens[i]
        while word in PREFIXES and i + 1 < len(tokens):
            i += 1
            word += tokens[i]
        while i + 1 < len(tokens) and tokens[i + 1] in SUFFIXES and _persian(word):
            i += 1
            word += tokens[i]
        if i > start:
            joined.append(word)
        i += 1
    return joined


def forms(tokens: list[str]) -> list[str]:
    """What the index adds for these tokens: the joined compounds and every stem, once each."""
    extra = []
    for word in [*tokens, *compounds(tokens)]:
        for form in (word, stem(word)):
            if form not in tokens and form not in extra:
                extra.append(form)
    return extra
