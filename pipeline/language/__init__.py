"""Danish language checks for ``almen check``: spelling and readability (LIX).

:func:`language_diagnostics` gives warnings (``--strict`` makes them errors):
``spelling`` at file:line:col with suggestions, ``long-sentence`` at the sentence's first
word, ``lix-over-target`` per chapter. :func:`readability` gives every chapter's LIX for
``--format json``. The thresholds are parameters; the defaults are below.
"""

from __future__ import annotations

from pipeline.errors import Diagnostic, warning
from pipeline.language import lix as lix_module
from pipeline.language import spelling
from pipeline.language.messages import message
from pipeline.language.text import prose_lines, words
from pipeline.model import Report

__all__ = ["DEFAULT_LIX_TARGET", "DEFAULT_LONG_SENTENCE", "language_diagnostics",
           "readability"]

DEFAULT_LIX_TARGET = 55  # "hard" starts at 55; a report should stay below
MAX_SUGGESTED_WORDS = 20  # hunspell needs up to 0.5 s to suggest for one unknown compound
MIN_WORDS_FOR_LIX = 100  # LIX says little about a few lines
DEFAULT_LONG_SENTENCE = 45  # words: a very long sentence by any Danish plain-language guide


def readability(report: Report) -> list[dict[str, object]]:
    """LIX, words and sentences per chapter."""
    table: list[dict[str, object]] = []
    for chapter in report.chapters:
        found = lix_module.sentences(prose_lines(chapter))
        value = lix_module.lix(found)
        table.append({"file": chapter.path.name, "lix": round(value) if value else None,
                      "words": sum(s.words for s in found), "sentences": len(found)})
    return table


def language_diagnostics(report: Report, *, lix_target: float = DEFAULT_LIX_TARGET,
                         long_sentence: int = DEFAULT_LONG_SENTENCE) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    checker = spelling.dictionary()
    if checker is None:
        found.append(warning(report.config_path, None, None, "no-dictionary",
                             message("no-dictionary"), message("no-dictionary-hint")))
    known = spelling.read_wordlist(spelling.SHARED_WORDS) | spelling.read_wordlist(
        report.root / spelling.WORDLIST_NAME)
    suggested: set[str] = set()
    for chapter in report.chapters:
        lines = prose_lines(chapter)
        if checker is not None:
            for word, line, column in words(lines):
                if word.lower() in lix_module.ABBREVIATIONS:  # bl.a., kr., mia.
                    continue
                if not spelling.accepted(word, known, checker.check):
                    if word in suggested or len(suggested) < MAX_SUGGESTED_WORDS:
                        suggested.add(word)
                        options = spelling.suggestions(word)
                    else:
                        options = ()
                    hint = (message("spelling-hint", suggestions=", ".join(options))
                            if options else message("spelling-hint-none"))
                    found.append(warning(chapter.path, line, column, "spelling",
                                         message("spelling", word=word), hint))
        sentences = lix_module.sentences(lines)
        for sentence in sentences:
            if sentence.words > long_sentence:
                found.append(warning(chapter.path, sentence.line, sentence.column,
                                     "long-sentence",
                                     message("long-sentence", words=sentence.words,
                                             limit=long_sentence),
                                     message("long-sentence-hint")))
        value = lix_module.lix(sentences)
        words_counted = sum(s.words for s in sentences)
        if value is not None and value > lix_target and words_counted >= MIN_WORDS_FOR_LIX:
            found.append(warning(chapter.path, chapter.body_line, None, "lix-over-target",
                                 message("lix-over-target", lix=round(value),
                                         target=lix_target),
                                 message("lix-over-target-hint")))
    return found
