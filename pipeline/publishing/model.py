"""What a publication folder holds: the catalogue's data model, its constants and the small
file helpers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.atomic import writing
from pipeline.errors import Diagnostic

Progress = Callable[[str], None]


CATALOG_NAME = "catalog.json"


CATALOG_VERSION = 1


INDEX_NAME = "index.html"


ASSETS_NAME = "assets"


COVER_WIDTH_PX = 800


THUMBNAIL_WIDTH_PX = 200


RESERVED_SLUGS = frozenset({ASSETS_NAME, CATALOG_NAME, INDEX_NAME})


MEDIA_TYPES = {".pdf": "application/pdf", ".png": "image/png", ".html": "text/html"}


BUILD_STAMP_NAME = ".almen-build.json"  # in OUT/SLUG/: what the files were built from


@dataclass(frozen=True, slots=True)
class PublishedFile:
    """One downloadable file of a publication, as listed in the catalogue."""

    role: str          # "web", "screen", "print", "cover" or "thumbnail"
    path: str          # relative to the publication folder, "/"-separated
    bytes: int
    sha256: str
    media_type: str
    width: int | None = None   # pixels, for images
    height: int | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"role": self.role, "path": self.path, "bytes": self.bytes,
                                "sha256": self.sha256, "media_type": self.media_type}
        if self.width is not None:
            data["width"], data["height"] = self.width, self.height
        return data


@dataclass(frozen=True, slots=True)
class Publication:
    """One catalogue entry: the report's fact panel plus its files."""

    slug: str
    title: str
    subtitle: str | None
    series: str
    year: int
    date: str | None
    status: str | None
    owner: str | None
    participants: tuple[str, ...]
    contact: dict[str, str | None] | None
    themes: tuple[str, ...]
    summary: str | None
    pages: int
    files: tuple[PublishedFile, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "slug": self.slug, "title": self.title, "subtitle": self.subtitle,
            "series": self.series, "year": self.year, "date": self.date,
            "status": self.status, "owner": self.owner,
            "participants": list(self.participants), "contact": self.contact,
            "themes": list(self.themes), "summary": self.summary, "pages": self.pages,
            "files": [f.to_dict() for f in self.files],
        }


@dataclass(frozen=True, slots=True)
class Failure:
    """A report that could not be published, and what was kept instead."""

    report_dir: Path
    slug: str
    message: str
    kept_previous: bool


@dataclass(frozen=True, slots=True)
class PublishResult:
    out_dir: Path
    catalog_path: Path
    index_path: Path
    built: str
    published: tuple[Publication, ...]           # built in this run
    kept: tuple[str, ...] = ()                    # slugs carried over unchanged
    up_to_date: tuple[str, ...] = ()              # given, but unchanged since last time
    removed: tuple[str, ...] = ()                 # slugs whose report folder is gone
    failures: tuple[Failure, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write(path: Path, data: bytes) -> None:
    with writing(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        path.chmod(0o644)
