"""The web edition's files beside its page: subset fonts and responsive images.

Fonts are the brand's (``assets/fonts/``, SIL OFL), subset with fontTools to Latin-1 plus
every character the page uses, as WOFF2, without timestamps. Images are resized through
the same cache as the PDFs (:func:`pipeline.images.prepare`) into a few widths for
``srcset``; never enlarged. Everything is deterministic: same sources, same bytes.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from pipeline.images import RASTER_SUFFIXES, inspect, prepare
from pipeline.paths import ASSETS_DIR, CACHE_DIR

FONTS_DIR = ASSETS_DIR / "fonts"

#: (family, weight, style, file under assets/fonts/): what web.css declares.
WEB_FONTS: tuple[tuple[str, int, str, str], ...] = (
    ("Lato", 400, "normal", "lato/Lato-Regular.ttf"),
    ("Lato", 400, "italic", "lato/Lato-Italic.ttf"),
    ("Lato", 700, "normal", "lato/Lato-Bold.ttf"),
    ("Lato", 900, "normal", "lato/Lato-Black.ttf"),
    ("Noto Serif", 400, "normal", "noto-serif/NotoSerif-Regular.ttf"),
    ("Noto Serif", 400, "italic", "noto-serif/NotoSerif-Italic.ttf"),
    ("Noto Serif", 700, "normal", "noto-serif/NotoSerif-Bold.ttf"),
    ("Noto Serif", 700, "italic", "noto-serif/NotoSerif-BoldItalic.ttf"),
)
_BASE_UNICODES = frozenset((*range(0x20, 0x7F), *range(0xA0, 0x100), 0x2013, 0x2014, 0x2018,
                            0x2019, 0x201C, 0x201D, 0x201E, 0x2022, 0x2026, 0x203A, 0x2191))

#: Widths (CSS pixels at 1x and 2x) the figures and the cover are offered in.
FIGURE_WIDTHS = (480, 800, 1200, 1600)
COVER_WIDTHS = (640, 1280, 1920)


def subset_font(source: Path, text: str, cache_dir: Path = CACHE_DIR / "web-fonts") -> bytes:
    """``source`` (TTF) subset to Latin-1 and the characters of ``text``, as WOFF2."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    data = source.read_bytes()
    wanted = sorted(_BASE_UNICODES | {ord(c) for c in text if ord(c) >= 0x20})
    key = hashlib.sha256(data + repr(wanted).encode()).hexdigest()[:24]
    cached = cache_dir / f"{key}.woff2"
    if cached.is_file():
        return cached.read_bytes()
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["kern", "liga", "onum", "lnum", "tnum"]
    options.name_IDs = ["*"]          # keep the copyright and licence names
    options.notdef_outline = True
    quiet = logging.getLogger("fontTools")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        font = TTFont(io.BytesIO(data), recalcTimestamp=False)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=wanted)
        subsetter.subset(font)
        buffer = io.BytesIO()
        subset.save_font(font, buffer, options)
    finally:
        quiet.setLevel(level)
    result = buffer.getvalue()
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(result)
    tmp.replace(cached)
    return result


def font_file_name(path: str) -> str:
    return Path(path).with_suffix(".woff2").name


@dataclass(frozen=True, slots=True)
class ImageVariant:
    name: str       # file name in the web folder's img/
    source: Path    # the file to copy (from the image cache or the report)
    width: int
    height: int


def image_variants(path: Path, widths: tuple[int, ...],
                   cache_dir: Path = CACHE_DIR / "images") -> list[ImageVariant]:
    """``path`` in each of ``widths`` that is narrower than the image, plus the image's own
    width when that is smaller than the largest wanted; vector images as they are."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
    stem = f"{path.stem}-{digest}"
    if path.suffix.lower() not in RASTER_SUFFIXES:
        return [ImageVariant(f"{stem}{path.suffix.lower()}", path, 0, 0)]
    info = inspect(path)
    variants: list[ImageVariant] = []
    for width in widths:
        if width >= info.width:
            break
        prepared = prepare(path, width, cache_dir)
        height = round(info.height * width / info.width)
        variants.append(ImageVariant(f"{stem}-{width}{prepared.suffix.lower()}", prepared,
                                     width, height))
    if len(variants) < len(widths):
        # The largest size is the image itself; re-encode it only if it is not a JPEG/PNG.
        source = path if path.suffix.lower() in {".jpg", ".jpeg", ".png"} else \
            prepare(path, info.width - 1, cache_dir)
        variants.append(ImageVariant(f"{stem}-{info.width}{source.suffix.lower()}", source,
                                     info.width, info.height))
    return variants
