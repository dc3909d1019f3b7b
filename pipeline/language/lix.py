"""LIX, the Scandinavian readability index, and very long sentences.

LIX = words / sentences + 100 * long words / words, where a word is a run of letters
(hyphens and apostrophes inside a word keep it one word), a long word has more than 6
letters, and a sentence ends at ``.``, ``!``, ``?`` or ``:`` followed by a capital letter,
or at the end of a paragraph or list item. Headings and tables are not counted.
About 25 is easy, 35-44 is a newspaper, 45-54 is a report, 55 and above is hard.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.language.text import SENTENCE_END_RE, WORD_RE, Line

ABBREVIATIONS = {"bl", "a", "ca", "fx", "f", "eks", "kr", "mia", "mio", "nr", "jf", "dvs",
                 "osv", "mv", "pct", "evt", "inkl", "ekskl", "m", "fl", "o", "l", "hhv",
                 "kl", "tlf", "st", "pga", "iflg", "ift", "vha", "s"}


@dataclass(frozen=True, slots=True)
class Sentence:
    line: int
    column: int
    words: int
    long_words: int


def sentences(lines: list[Line]) -> list[Sentence]:
    """The sentences of the running text (not headings, not tables)."""
    found: list[Sentence] = []
    current: list[tuple[str, int, int]] = []
    block = None

    def close() -> None:
        if current:
            found.append(Sentence(current[0][1], current[0][2], len(current),
                                  sum(len(re.sub(r"[-'’]", "", w)) > 6 for w, _, _ in current)))
            current.clear()

    for line in lines:
        if line.heading or line.text.lstrip().startswith("|"):
            close()
            continue
        if line.block != block:
            close()
            block = line.block
        tokens = sorted([(m.start(), "w", m.group(0)) for m in WORD_RE.finditer(line.text)]
                        + [(m.start(), "e", "") for m in SENTENCE_END_RE.finditer(line.text)])
        previous = ""
        for position, kind, word in tokens:
            if kind == "w":
                current.append((word, line.number, position + 1))
                previous = word
            elif previous.lower() not in ABBREVIATIONS:
                close()
    close()
    return found


def lix(found: list[Sentence]) -> float | None:
    total = sum(s.words for s in found)
    if not total:
        return None
    return total / len(found) + 100 * sum(s.long_words for s in found) / total
