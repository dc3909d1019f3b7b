"""The rendered HTML document: what the PDF stage is handed.

Kept in a module of its own, without imports beyond the standard library, so the renderer
process (:mod:`pipeline.renderer`) can receive one without importing the HTML stage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.html import RenderedChapter


@dataclass(slots=True)
class RenderedHTML:
    """The HTML document plus what the PDF stage needs to render it safely."""

    html: str
    base_dir: Path
    allowed_roots: tuple[Path, ...]
    title: str
    page_hint: int = 0
    credits: list[str] = field(default_factory=list)
    chapters: list[RenderedChapter] = field(default_factory=list)
