"""Danish spelling with Debian's hunspell-da dictionary through pyenchant.

Words that are all capitals (ERFA, FRAK) or one letter are skipped, as Word does. A word
is accepted when the dictionary knows it, when it is in the report's ``ordliste.txt`` or
the shared ``assets/ordliste.txt`` (one word a line; ``#`` starts a comment; a word written
in lower case is also accepted with a capital first letter), or when each part of a
hyphenated word is.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from pipeline.paths import ASSETS_DIR

DICTIONARY = "da_DK"
SHARED_WORDS = ASSETS_DIR / "ordliste.txt"
WORDLIST_NAME = "ordliste.txt"
MAX_SUGGESTIONS = 4


@cache
def dictionary() -> Any | None:
    """The Danish enchant dictionary, or None when enchant or hunspell-da is missing."""
    try:
        import enchant
    except ImportError:
        return None
    try:
        return enchant.Dict(DICTIONARY)
    except enchant.errors.DictNotFoundError:
        return None


def read_wordlist(path: Path) -> set[str]:
    if not path.is_file():
        return set()
    words = set()
    for line in path.read_text("utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.add(word)
    return words


def accepted(word: str, known: set[str], check: Any) -> bool:
    if len(word) < 2 or word.isupper():
        return True
    candidates = {word, word.replace("’", "'")}
    for candidate in list(candidates):
        if "'" in candidate and accepted(candidate.split("'", 1)[0], known, check):
            return True
    for candidate in candidates:
        if candidate in known or candidate[:1].lower() + candidate[1:] in known:
            return True
        if check(candidate):
            return True
    if "-" in word:
        return all(accepted(part, known, check) for part in word.split("-") if part)
    return False


@cache  # hunspell's suggestions take tens of milliseconds; a word recurs in a chapter
def suggestions(word: str) -> tuple[str, ...]:
    checker = dictionary()
    return tuple(checker.suggest(word)[:MAX_SUGGESTIONS]) if checker is not None else ()
