"""The words of a chapter's Markdown body, each with its file line and column.

Only text a reader sees is kept: code (fenced, indented and inline), URLs, e-mail
addresses, link and image destinations, footnote labels, HTML tags and directive names
are blanked out first (replaced by spaces, so columns stay true).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.model import Chapter

FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
MASKS = [
    re.compile(r"`[^`]*`"),                                # inline code
    re.compile(r"<[^>\s]+>"),                              # autolinks and HTML tags
    re.compile(r"\]\(\s*<?[^)\s>]*>?"),                     # link / image destinations
    re.compile(r"\[\^[^\]\s]+\]:?"),                       # footnote labels
    re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE),
    re.compile(r"\S+@\S+\.\w+"),                            # e-mail addresses
    re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.(?:dk|com|org|net|eu|info|nu|de|se|no|io)\b"),
    re.compile(r"^\s{0,3}:{3,}\s*\w*"),                     # ::: fakta, ::: citat
    re.compile(r"&#?\w+;"),                                # entities
    re.compile(r"\\."),                                    # escapes
]
WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
SENTENCE_END_RE = re.compile(r"[.!?:](?=[\s”’\")]*(?:$|\s+[\"”’(]*[A-ZÆØÅ]))")


@dataclass(frozen=True, slots=True)
class Line:
    number: int  # 1-based in the file
    text: str  # masked: what is not prose is blanked
    block: int  # lines with the same block number form one paragraph
    heading: bool


def _mask(text: str) -> str:
    for pattern in MASKS:
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return text


def prose_lines(chapter: Chapter) -> list[Line]:
    lines: list[Line] = []
    fence: str | None = None
    block = 0
    for offset, raw in enumerate(chapter.body.split("\n")):
        match = FENCE_RE.match(raw)
        if match and (fence is None or match.group(1)[0] == fence):
            fence = None if fence else match.group(1)[0]
            block += 1
            continue
        indented_code = (raw.startswith(("    ", "\t"))
                         and raw.lstrip()[:1] not in ("-", "*", "+")
                         and not re.match(r"\s+\d+[.)]\s", raw))
        if fence is not None or indented_code:
            continue
        stripped = raw.strip()
        if not stripped or (re.match(r"^\|?[\s:|-]+\|?$", stripped) and "-" in stripped):
            block += 1
            continue
        new_block = bool(re.match(r"^\s*(#{1,6}\s|[-*+]\s|\d+[.)]\s|\||:::|\[\^)", raw))
        if new_block:
            block += 1
        heading = raw.lstrip().startswith("#") or stripped.startswith(":::")
        lines.append(Line(chapter.body_line + offset, _mask(raw), block, heading))
        if heading or stripped.startswith("|"):
            block += 1
    return lines


def words(lines: list[Line]) -> list[tuple[str, int, int]]:
    """(word, line, 1-based column) for every word on the prose lines."""
    return [(m.group(0), line.number, m.start() + 1)
            for line in lines for m in WORD_RE.finditer(line.text)]
