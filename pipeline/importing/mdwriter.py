"""Writing our Markdown dialect (docs/redaktoer.md) from imported material.

Small, pure helpers shared by the Word and PowerPoint importers: escaping text so it reads
back as the same text, inline emphasis and links, lists, tables, the front matter.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import yaml

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>])")
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
_BLOCK_START = re.compile(r"^(\s*)([#>+=]|-(?=\s|$)|\d+[.)](?=\s|$)|:::|~~~|```)")
_SPACES = re.compile(r"[ \t\r\n\u00a0\u200b]+")


def clean_space(text: str) -> str:
    """Runs of white space (Word's line breaks and no-break spaces too) to one space."""
    return _SPACES.sub(" ", text.replace("\u00ad", ""))


def escape(text: str) -> str:
    """Text that must read back literally inside a paragraph."""
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    return _ENTITY_LIKE.sub("&amp;", text)


def escape_block_start(line: str) -> str:
    """A paragraph beginning with '#', '- ', '1.', '>', ':::' would become something else."""
    match = _BLOCK_START.match(line)
    if not match:
        return line
    start = match.end(1)
    return line[:start] + "\\" + line[start:]


def emphasis(inner: str, marker: str) -> str:
    """``**inner**`` with the surrounding spaces moved outside, as Markdown requires."""
    if not inner.strip():
        return inner
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()):]
    return f"{lead}{marker}{inner.strip()}{marker}{trail}"


def link(text: str, href: str) -> str:
    href = href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    return f"[{text}]({href})" if text.strip() else f"<{href}>"


def image(alt: str, src: str, caption: str | None = None) -> str:
    alt = clean_space(alt).strip().replace("[", "(").replace("]", ")")
    title = ""
    if caption:
        title = ' "' + clean_space(caption).strip().replace('"', '\\"') + '"'
    return f"![{alt}]({src}{title})"


def table(rows: Sequence[Sequence[str]]) -> str:
    """A pipe table; the first row is the header, short rows are padded."""
    width = max(len(r) for r in rows)
    lines = []
    for index, row in enumerate(rows):
        cells = [c.replace("|", "\\|").strip() or " " for c in row]
        cells += [" "] * (width - len(cells))
        lines.append("| " + " | ".join(cells) + " |")
        if index == 0:
            lines.append("|" + "|".join(["---"] * width) + "|")
    return "\n".join(lines)


def front_matter(fields: dict[str, str | dt.date | None], comment: str) -> str:
    """``---`` / keys in our order / ``---``; YAML quoting done by PyYAML (``no`` etc.)."""
    kept = {k: v for k, v in fields.items() if v not in (None, "")}
    text = yaml.safe_dump(kept, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n# {comment}\n{text}---\n"


def chapter(front: str, blocks: Sequence[str]) -> str:
    body = "\n\n".join(b.strip("\n") for b in blocks if b.strip())
    return f"{front}\n{body}\n"
