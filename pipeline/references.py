"""Checks for what a report refers to: images and links.

Shared by ``almen check`` and the HTML stage, so a reference is judged the same way in
both: it must stay inside the report folder, exist, and (for images) be a readable image.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pipeline.errors import Diagnostic, error, warning
from pipeline.images import ImageProblem, inspect, inspect_svg
from pipeline.load import did_you_mean
from pipeline.paths import allowed_roots

#: What print needs at the printed size, as ``almen preflight`` checks the print file: photos
#: (JPEG) 300 ppi, lossless images (PNG: drawings, diagrams, illustrations) 250 ppi.
MIN_PHOTO_PPI = 300
MIN_ILLUSTRATION_PPI = 250
WEB_SCHEMES = ("http", "https", "mailto", "tel")


def is_outside(root: Path, ref: str) -> bool:
    """True for absolute paths, URLs with a scheme, and ``..`` escapes."""
    if not ref or ref.startswith(("/", "\\", "~")) or urlsplit(ref).scheme:
        return True
    return not (root / ref).resolve().is_relative_to(root.resolve())


def near_miss(path: Path) -> str | None:
    if not path.parent.is_dir():
        return f"the folder '{path.parent.name}' does not exist"
    return did_you_mean(path.name, sorted(p.name for p in path.parent.iterdir()))


def same_name(path: Path) -> Path:
    """``path``, or the file in its folder whose name is the same text in another Unicode
    form: macOS and some zip tools save 'å' decomposed (a + ring), editors type it composed."""
    if path.exists() or not path.parent.is_dir():
        return path
    wanted = unicodedata.normalize("NFC", path.name)
    for candidate in path.parent.iterdir():
        if unicodedata.normalize("NFC", candidate.name) == wanted:
            return candidate
    return path


def check_image(root: Path, src: str, source: Path, line: int | None, column: int | None,
                *, alt: str = "x", printed_width_mm: float | None = None,
                ) -> tuple[Path | None, list[Diagnostic]]:
    """Return the image's path if usable, and every finding about it."""
    found: list[Diagnostic] = []
    if not alt.strip():
        found.append(error(source, line, column, "missing-alt",
                           f"image '{src}' has no alt text",
                           "describe the picture between the brackets: ![what it shows](...)"))
    scheme = urlsplit(src).scheme.lower()
    if scheme in ("http", "https", "ftp"):
        found.append(error(source, line, column, "network-resource",
                           f"image '{src}' is on the network; reports may not fetch anything",
                           "download the image into the report's images/ folder"))
        return None, found
    # Markdown gives 'images/bl%C3%A5b%C3%A6r.png' for 'images/blåbær.png': look up the file
    name = unquote(src)
    if is_outside(root, name):
        found.append(error(source, line, column, "outside-resource",
                           f"image '{name}' is outside the report folder",
                           "put the image in the report's images/ folder and refer to it "
                           "relatively, like images/foto.jpg"))
        return None, found
    path = same_name(root / name)
    if not path.is_file():
        found.append(error(source, line, column, "missing-image", f"image '{name}' not found",
                           near_miss(path)))
        return None, found
    if path.suffix.lower() == ".svg":
        try:
            inspect_svg(path, allowed_roots(root))
        except ImageProblem as exc:
            found.append(error(source, line, column, "bad-image", f"image '{name}': {exc}",
                               "export the drawing again as plain SVG, or as PNG"))
            return None, found
        return path, found
    try:
        info = inspect(path)
    except ImageProblem as exc:
        found.append(error(source, line, column, "bad-image", f"image '{name}': {exc}",
                           "save it again as JPEG or PNG"))
        return None, found
    if printed_width_mm:
        dpi = info.width / (printed_width_mm / 25.4)
        wanted = MIN_PHOTO_PPI if info.format == "JPEG" else MIN_ILLUSTRATION_PPI
        if dpi < wanted - 0.5:
            needed = round(printed_width_mm / 25.4 * wanted)
            kind = "a photo" if info.format == "JPEG" else "an illustration"
            found.append(warning(source, line, column, "low-resolution",
                                 f"image '{name}' is {info.width} px wide: only {dpi:.0f} dpi "
                                 f"at its printed width of {printed_width_mm:.0f} mm "
                                 f"({kind} needs {wanted} for print)",
                                 f"use a version about {needed} px wide for sharp print"))
    return path, found
