"""What an importer hands back: a draft chapter, its images, and what was lost."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.importing.messages import message

SLUG_PLACEHOLDER = "x-almen-slug-x"  # image names carry it until the chapter slug is known


@dataclass(frozen=True, slots=True)
class Loss:
    """Something that could not be carried over, or that an editor must supply."""

    source: Path
    unit: str  # "paragraph", "slide" or "document"
    number: int | None
    code: str
    text: str  # Danish, for the editor

    def where(self) -> str:
        if self.unit == "document" or self.number is None:
            return message("unit-document")
        return message(f"unit-{self.unit}", number=self.number)

    def format(self) -> str:
        return f"{self.source.name}, {self.where()}: {self.text}"


@dataclass(slots=True)
class Draft:
    """A converted document before it is written: front matter, Markdown blocks, images."""

    source: Path
    title: str
    kind: str
    blocks: list[str]
    date: dt.date | None = None
    place: str | None = None
    organisation: str | None = None
    summary: str | None = None
    images: list[tuple[str, bytes]] = field(default_factory=list)  # (name with placeholder)
    losses: list[Loss] = field(default_factory=list)

    def lose(self, unit: str, where: int | None, code: str, **values: object) -> None:
        self.losses.append(Loss(self.source, unit, where, code, message(code, **values)))

    def add_image(self, data: bytes, extension: str) -> str:
        """Keep an image's bytes as they are (original resolution); return its src."""
        name = f"{SLUG_PLACEHOLDER}-{len(self.images) + 1}.{extension}"
        self.images.append((name, data))
        return f"images/{name}"
