"""``almen import``: Word and PowerPoint material into draft chapters of a report.

:func:`import_files` converts every file first (:mod:`.docx`, :mod:`.pptx`), refuses before
writing anything if a chapter or image would be overwritten without ``force``, then writes
``NN-slug.md`` after the existing chapters and the images into ``images/``. What could not
be carried over, or needs an editor, is in :attr:`ImportResult.losses`.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

import click
import yaml

from pipeline.danish import slugify
from pipeline.errors import PipelineError
from pipeline.importing import mdwriter
from pipeline.importing.messages import message
from pipeline.importing.model import SLUG_PLACEHOLDER, Draft, Loss

__all__ = ["ImportFailed", "ImportResult", "ImportedChapter", "Loss", "import_files"]

CHAPTER_NAME_RE = re.compile(r"^(\d+)-(.+)\.md$")
MAX_SLUG = 48


class ImportFailed(PipelineError):
    """The import was refused; nothing was written."""

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"fejl: {self.format_message()}", file=file or sys.stderr)


@dataclass(frozen=True, slots=True)
class ImportedChapter:
    source: Path
    path: Path
    title: str
    kind: str
    images: tuple[Path, ...]


@dataclass(slots=True)
class ImportResult:
    report_dir: Path
    chapters: list[ImportedChapter] = field(default_factory=list)
    losses: list[Loss] = field(default_factory=list)

    def summary(self) -> list[str]:
        """The lines ``almen import`` prints (Danish)."""
        lines = [message("imported", source=c.source.name, chapter=c.path,
                         images=message("images", count=len(c.images)))
                 for c in self.chapters]
        if self.losses:
            lines.append(message("loss-title"))
            lines += [f"  {loss.format()}" for loss in self.losses]
        else:
            lines.append(message("no-losses"))
        lines.append(message("run-check", folder=self.report_dir))
        return lines


def _slug(title: str) -> str:
    slug = slugify(title)
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rsplit("-", 1)[0] or slug[:MAX_SLUG]
    return slug


def _convert(path: Path) -> Draft:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ImportFailed(f"{path}: {message('not-found')}")
    if suffix == ".docx":
        from pipeline.importing.docx import convert_docx

        return convert_docx(path)
    if suffix == ".pptx":
        from pipeline.importing.pptx import convert_pptx

        return convert_pptx(path)
    if suffix in (".doc", ".ppt"):
        raise ImportFailed(f"{path}: " + message("old-format", suffix=suffix,
                                                  new=suffix + "x"))
    raise ImportFailed(f"{path}: {message('unsupported-type', suffix=suffix or path.name)}")


def _listed_chapters(report_dir: Path) -> bool:
    try:
        data = yaml.safe_load((report_dir / "report.yaml").read_text("utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return False
    return isinstance(data, dict) and data.get("chapters") is not None


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def import_files(files: Sequence[Path | str], into: Path | str, *,
                 force: bool = False) -> ImportResult:
    """Import ``files`` (.docx, .pptx) into the report folder ``into`` as draft chapters.

    Raises :class:`ImportFailed` (writing nothing) for a missing or unreadable file, a
    missing report folder, or a chapter/image that exists already unless ``force``.
    """
    report_dir = Path(into)
    if not (report_dir / "report.yaml").is_file():
        raise ImportFailed(f"{report_dir}: {message('no-report')}")
    drafts = [_convert(Path(f)) for f in files]

    existing = {m.group(2): (report_dir / p.name, int(m.group(1)), len(m.group(1)))
                for p in sorted(report_dir.glob("*.md"))
                if (m := CHAPTER_NAME_RE.match(p.name))}
    number = max((n for _, n, _ in existing.values()), default=0)
    width = max([2, *(w for _, _, w in existing.values())])
    planned: list[tuple[Draft, Path, str]] = []
    taken: set[str] = set()
    conflicts: list[Path] = []
    for draft in drafts:
        slug = base = _slug(draft.title)
        counter = 2
        while slug in taken:
            slug, counter = f"{base}-{counter}", counter + 1
        taken.add(slug)
        if slug in existing:  # the same material again: replace it only with --force
            target = existing[slug][0]
            conflicts.append(target)
        else:
            number += 1
            target = report_dir / f"{number:0{width}d}-{slug}.md"
        planned.append((draft, target, slug))

    writes: list[tuple[Path, bytes]] = []
    result = ImportResult(report_dir)
    listed = _listed_chapters(report_dir)
    for draft, target, slug in planned:
        images = []
        for name, data in draft.images:
            image_path = report_dir / "images" / name.replace(SLUG_PLACEHOLDER, slug)
            if image_path.exists():
                conflicts.append(image_path)
            images.append(image_path)
            writes.append((image_path, data))
        front = mdwriter.front_matter(
            {"title": draft.title, "kind": draft.kind, "date": draft.date,
             "place": draft.place, "organisation": draft.organisation,
             "summary": draft.summary},
            f"Kladde importeret fra {draft.source.name}: gennemlæs og ret før udgivelse.")
        text = mdwriter.chapter(front, draft.blocks).replace(SLUG_PLACEHOLDER, slug)
        writes.append((target, text.encode("utf-8")))
        if listed:
            draft.lose("document", None, "not-in-chapters", name=target.name)
        result.chapters.append(ImportedChapter(draft.source, target, draft.title, draft.kind,
                                               tuple(images)))
        ordered = sorted(draft.losses, key=lambda loss: (loss.unit != "document",
                                                          loss.number or 0))
        result.losses.extend(replace(loss, text=loss.text.replace(SLUG_PLACEHOLDER, slug))
                             for loss in ordered)
    if conflicts and not force:
        lines = [f"{path}: {message('exists')} ({message('exists-hint')})"
                 for path in conflicts]
        raise ImportFailed("\n".join([*lines, message("nothing-written") + "."]))
    for path, data in writes:
        _write_atomic(path, data)
    return result
