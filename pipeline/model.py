"""Typed content model: what a report folder means once it has been validated."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from pipeline.settings import DEFAULT_LAYOUT


class Kind(StrEnum):
    CHAPTER = "chapter"
    MEETING = "meeting"
    CASE = "case"


STATUSES = ("Afsluttet", "I gang")


@dataclass(frozen=True, slots=True)
class Contact:
    name: str
    role: str | None = None
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True, slots=True)
class KeyFigure:
    """A big number with its label, e.g. 492.000 kr. / projektøkonomi (layout faktaark)."""

    value: str
    label: str


@dataclass(frozen=True, slots=True)
class Cover:
    image: str
    alt: str
    credit: str | None = None


@dataclass(frozen=True, slots=True)
class ReportMeta:
    """The validated contents of ``report.yaml`` (see docs/redaktoer.md for every key)."""

    title: str
    year: int
    subtitle: str | None = None
    series: str = "AlmenRapport"
    status: str | None = None
    owner: str | None = None
    participants: tuple[str, ...] = ()
    contact: Contact | None = None
    themes: tuple[str, ...] = ()
    layout: str = DEFAULT_LAYOUT
    cover: Cover | None = None
    chapters: tuple[str, ...] | None = None
    language: str = "da"
    # Further keys: colophon and catalogue fields.
    date: dt.date | None = None
    publisher: str = "AlmenNet"
    editors: tuple[str, ...] = ()
    design: str | None = None
    download: str | None = None
    isbn: str | None = None
    summary: str | None = None
    funder: str | None = None
    budget: str | None = None
    allow_html: bool = False
    tokens: tuple[tuple[str, str], ...] = ()  # brand token overrides, e.g. color-accent
    key_figures: tuple[KeyFigure, ...] = ()  # big numbers, shown by the faktaark layout


@dataclass(frozen=True, slots=True)
class Chapter:
    """One Markdown file: front matter plus body."""

    path: Path
    slug: str
    title: str
    kind: Kind
    body: str
    body_line: int  # 1-based line number in ``path`` where ``body`` starts
    date: dt.date | None = None
    place: str | None = None
    organisation: str | None = None
    summary: str | None = None

    def locate(self, body_line: int, needle: str,
               start: str | None = None) -> tuple[int, int | None]:
        """1-based (line, column) in the file of ``needle``, searched from ``body_line``
        (0-based in the body) on; the column moves back to ``start`` (e.g. ``![``) when
        that precedes the needle on its line. Used to point diagnostics at the source."""
        lines = self.body.split("\n")
        for index in range(body_line, min(len(lines), body_line + 60)):
            column = lines[index].find(needle)
            if column >= 0:
                if start is not None and (begin := lines[index].rfind(start, 0, column)) >= 0:
                    column = begin
                return self.body_line + index, column + 1
        return self.body_line + body_line, None


@dataclass(frozen=True, slots=True)
class Report:
    root: Path
    slug: str
    meta: ReportMeta
    chapters: tuple[Chapter, ...]
    config_path: Path
    files: tuple[Path, ...] = field(default=())  # every input file, for change detection
