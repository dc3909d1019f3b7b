"""Hyphenation figures measured from a PDF's text, as a designer counts them.

Automatic hyphens extract as U+2010 (HYPHEN) from WeasyPrint's PDFs; hard hyphens typed
in the text are U+002D and do not count. Lines come from ``pdftotext -layout`` per page.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

AUTO_HYPHEN = "\u2010"
_WORD_END = re.compile(r"(\w+)" + AUTO_HYPHEN + r"$")
_WORD_START = re.compile(r"^\W*(\w+)")


@dataclass
class HyphenationFigures:
    lines: int = 0
    hyphenated: int = 0
    longest_run: int = 0
    short_fragments: list[str] = field(default_factory=list)
    page_turns: list[str] = field(default_factory=list)
    broken_words: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.hyphenated / self.lines if self.lines else 0.0


def page_lines(pdf: Path) -> list[list[str]]:
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
                          check=True, capture_output=True, text=True).stdout
    pages = []
    for page in text.split("\f"):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        # page furniture: the page number at the foot, the running head at the top
        while lines and lines[-1].isdigit():
            lines.pop()
        if lines and lines[0].isupper():
            lines.pop(0)
        pages.append(lines)
    return pages


def measure(pdf: Path) -> HyphenationFigures:
    figures = HyphenationFigures()
    pages = page_lines(pdf)
    for number, lines in enumerate(pages):
        run = 0
        for i, line in enumerate(lines):
            # a line in layout mode may hold two columns (label | text): judge its end
            figures.lines += 1
            match = _WORD_END.search(line)
            if not match:
                run = 0
                continue
            figures.hyphenated += 1
            run += 1
            figures.longest_run = max(figures.longest_run, run)
            head = match.group(1).split()[-1]
            if i + 1 < len(lines):
                following = lines[i + 1]
            else:
                following = pages[number + 1][0] if number + 1 < len(pages) and pages[
                    number + 1] else ""
                figures.page_turns.append(f"p. {number + 1}: {head}-")
            start = _WORD_START.match(following)
            tail = start.group(1) if start else ""
            figures.broken_words.append(f"{head}-{tail}")
            if len(head) < 3 or (tail and len(tail) < 3):
                figures.short_fragments.append(f"p. {number + 1}: {head}-{tail}")
    return figures
