"""Report folder names as the website's addresses (slugs): which names work, and a
suggestion for those that don't. Kept light: ``almen check`` asks too."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from pipeline.errors import BuildError

#: Names the publication folder uses itself (``publishing.model``: ASSETS_NAME,
#: CATALOG_NAME, INDEX_NAME; tests/test_outputs.py holds the two lists equal): no report
#: may be called that.
RESERVED_SLUGS = frozenset({"assets", "catalog.json", "index.html"})

#: A slug is what the website puts in URLs and index.html ids (docs/catalog.schema.json).
SLUG_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


_DANISH_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe",
                               "Å": "Aa", " ": "-"})


def suggest_slug(name: str) -> str:
    """An ASCII folder name for ``name`` (æ -> ae, ø -> oe, å -> aa, spaces -> '-')."""
    text = unicodedata.normalize("NFKD", name.translate(_DANISH_ASCII))
    text = re.sub(r"[^A-Za-z0-9._-]+", "-", text.encode("ascii", "ignore").decode())
    return re.sub(r"-{2,}", "-", text).strip("-._").lower() or "rapport"


def check_slug(report_dir: Path) -> str:
    """The report folder's name as a slug, or a BuildError telling the editor to rename."""
    slug = report_dir.resolve().name
    if slug in RESERVED_SLUGS or slug.startswith("."):
        raise BuildError(f"{report_dir}: mappenavnet '{slug}' er reserveret i "
                         f"publikationsmappen; omdøb rapportmappen")
    if not SLUG_RE.fullmatch(slug):
        raise BuildError(f"{report_dir}: mappenavnet '{slug}' kan ikke bruges i "
                         "hjemmesidens adresser (kun a-z, A-Z, 0-9, '.', '_' og '-'; ingen "
                         f"mellemrum eller æøå); omdøb mappen, fx til '{suggest_slug(slug)}'")
    return slug


