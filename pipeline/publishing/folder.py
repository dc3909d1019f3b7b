"""The publication folder itself: which folders publish may replace, what is carried over."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import atomic
from pipeline.atomic import MARKER_NAME, has_marker, writing
from pipeline.errors import Diagnostic, OutputError
from pipeline.publishing.model import (
    BUILD_STAMP_NAME,
    CATALOG_NAME,
    CATALOG_VERSION,
    RESERVED_SLUGS,
    Failure,
    Publication,
)
from pipeline.publishing.report import folder_listing


def _copy_tree(source: Path, target: Path) -> None:
    """Carry a previously published folder over: hard links where possible (files are
    never changed in place), copies otherwise."""
    def link_or_copy(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(source, target, copy_function=link_or_copy, dirs_exist_ok=True)


@dataclass
class _Run:
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    published: list[Publication] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


def _legacy_publication(folder: Path, entries: list[str]) -> bool:
    """A publication folder written before the marker existed: a version-1 catalogue and
    nothing but what it lists (plus index.html and assets/)."""
    try:
        data = json.loads((folder / CATALOG_NAME).read_text("utf-8"))
        slugs = {str(p["slug"]) for p in data["publications"]}
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return data.get("version") == CATALOG_VERSION and set(entries) <= (slugs | RESERVED_SLUGS)


def check_out_dir(out: Path, report_dirs: Sequence[Path] = ()) -> None:
    """Refuse (an OutputError, nothing touched) to replace ``out`` unless it is ours: absent,
    an empty folder, or a folder with the marker ``.almen-publication``; and never a folder
    that holds a report being published or the project around it."""
    shown = out
    if out.exists() and not out.is_dir():
        raise OutputError(f"{shown}: findes og er ikke en mappe; vælg en anden mappe med --out")
    real = out.resolve()
    for folder in report_dirs:
        source = Path(folder).resolve()
        if source == real or source.is_relative_to(real):
            raise OutputError(f"{shown}: mappen indeholder rapporten {folder} og må ikke "
                              "erstattes; vælg en anden mappe med --out, fx public")
    if not real.is_dir():
        return
    try:
        entries = sorted(p.name for p in real.iterdir())
    except OSError as exc:
        raise atomic.output_error(shown, exc) from None
    if not entries or has_marker(real) or _legacy_publication(real, entries):
        return
    if "report.yaml" in entries:
        why = "den indeholder en rapport (report.yaml)"
    else:
        why = f"den mangler mærkefilen {MARKER_NAME}, som almen publish skriver"
    raise OutputError(f"{shown}: mappen er ikke en publikationsmappe fra almen publish "
                      f"({why}); den bliver ikke erstattet, så intet er ændret. Vælg en ny "
                      "eller tom mappe med --out, fx public")


def _unchanged(folder: Path, entry: dict[str, Any] | None, stamp: str) -> bool:
    """True when ``folder`` (a published report) was built from these very inputs and
    holds exactly the files it was built with, unchanged (nothing added by hand)."""
    if entry is None:
        return False
    try:
        built = json.loads((folder / BUILD_STAMP_NAME).read_text("utf-8"))
        return (isinstance(built, dict) and built.get("fingerprint") == stamp
                and built.get("files") == folder_listing(folder))
    except (OSError, ValueError):
        return False


def _carry_over(slug: str, previous: dict[str, dict[str, Any]], staging: Path, out: Path,
                run: _Run) -> bool:
    """Keep a previously published publication (files and entry) as it was."""
    entry = previous.get(slug)
    if entry is None or slug in RESERVED_SLUGS or not (out / slug).is_dir():
        return False
    with writing(staging / slug):
        _copy_tree(out / slug, staging / slug)
    run.entries[slug] = entry
    return True
